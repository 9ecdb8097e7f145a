// Seed 002's browser sign-in: /?token=T&code=C or /#page?token=T&code=C.
// The token is removed from the address bar before anything else happens,
// exchanged for a session with Core.token_login, and the session is kept in
// sessionStorage for this tab only.
(function () {
  'use strict';
  var SESSION_KEY = 'authkit.session';

  function readLocation() {
    var page = 'home';
    var fromHash = new URLSearchParams();
    if (location.hash.length > 1) {
      var hash = location.hash.slice(1);
      var question = hash.indexOf('?');
      var name = question < 0 ? hash : hash.slice(0, question);
      if (/^[a-z0-9-]{1,40}$/.test(name)) page = name;
      if (question >= 0) fromHash = new URLSearchParams(hash.slice(question + 1));
    }
    var fromQuery = new URLSearchParams(location.search);
    return {
      page: page,
      token: fromHash.get('token') || fromQuery.get('token'),
      code: fromHash.get('code') || fromQuery.get('code'),
    };
  }

  function rpc(method, params, session) {
    var headers = { 'Content-Type': 'application/json' };
    if (session) headers.Authorization = 'Bearer ' + session;
    return fetch('/jsonrpc', {
      method: 'POST',
      headers: headers,
      credentials: 'omit',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: method, params: params }),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (answer.error) throw new Error(answer.error.message);
        return answer.result;
      });
  }

  function show(page, username) {
    var sections = document.querySelectorAll('section[data-page]');
    var target = document.querySelector('section[data-page="' + page + '"]') ? page : 'home';
    sections.forEach(function (section) {
      section.hidden = section.getAttribute('data-page') !== target;
    });
    document.getElementById('signed-out').hidden = true;
    document.querySelectorAll('.username').forEach(function (node) {
      node.textContent = username;
    });
    document.getElementById('status').textContent = 'Signed in as ' + username;
    document.body.setAttribute('data-signed-in', username);
    document.body.setAttribute('data-page', target);
  }

  function showSignedOut(reason) {
    document.querySelectorAll('section[data-page]').forEach(function (section) {
      section.hidden = true;
    });
    document.getElementById('signed-out').hidden = false;
    document.getElementById('status').textContent = 'Not signed in';
    document.body.setAttribute('data-signed-out', reason);
  }

  var where = readLocation();
  if (where.token || where.code) {
    history.replaceState(
      null,
      '',
      where.page === 'home' && location.hash.length <= 1 ? '/' : '/#' + where.page,
    );
  }
  var session = sessionStorage.getItem(SESSION_KEY);
  var signIn =
    where.token && where.code
      ? rpc('Core.token_login', { token_: where.token, code_: where.code }).then(function (result) {
          return result.token;
        })
      : session
        ? rpc('Core.token_login', { token_: session }).then(function (result) {
            return result.token;
          })
        : Promise.reject(new Error('no token'));

  signIn
    .then(function (token) {
      session = token;
      sessionStorage.setItem(SESSION_KEY, token);
      return rpc('Core.whoami', {}, token);
    })
    .then(function (me) {
      show(where.page, me.username);
      window.addEventListener('hashchange', function () {
        show(readLocation().page, me.username);
      });
    })
    .catch(function (error) {
      sessionStorage.removeItem(SESSION_KEY);
      showSignedOut(error.message);
    });
})();
