import { AuthkitUserStore } from './authkit-user-store';

describe('AuthkitUserStore', () => {
  // Keys that are not authkit_user ids are refused before any query: the store is built without a repository.
  const store = new AuthkitUserStore(undefined as never, undefined as never, undefined as never);

  it('finds nobody for a key that is not a positive integer id', async () => {
    for (const id of ['', '0', '-1', '1.5', '1e3', 'abc', ' 1', '99999999999999999', '00000001'])
      await expect(store.findById(id)).resolves.toBeNull();
  });

  it('tells every mounted scheme, in order, that a user was disabled', async () => {
    const heard: string[] = [];
    store.onUserDisabled((user) => void heard.push(`first:${user.username}`));
    store.onUserDisabled(async (user) => void heard.push(`second:${user.username}`));
    await store.userDisabled({
      id: 1,
      uuid: 'u',
      username: 'ada',
      email: null,
      enabled: false,
      roles: [],
      roleNames: [],
      profile: {},
    });
    expect(heard).toEqual(['first:ada', 'second:ada']);
  });
});
