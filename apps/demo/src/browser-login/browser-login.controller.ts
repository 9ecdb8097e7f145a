import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@authkit/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Read once; nest-cli copies page/ next to the compiled controller.
const page = (name: string) => readFileSync(join(__dirname, 'page', name), 'utf8');
const INDEX_HTML = page('index.html');
const SIGNIN_JS = page('signin.js');

/**
 * Scheme 3's browser sign-in page. The URL carries a login token, so the page
 * sends no Referer anywhere, is never cached, and runs only its own script.
 */
@ApiExcludeController()
@Controller()
@Public()
export class BrowserLoginController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Cache-Control', 'no-store')
  @Header(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  )
  @Header('X-Content-Type-Options', 'nosniff')
  index(): string {
    return INDEX_HTML;
  }

  @Get('signin.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  script(): string {
    return SIGNIN_JS;
  }
}
