import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ApiError } from './api-error';
import { toErrorResponse } from './http-exception.filter';

describe('toErrorResponse', () => {
  it('passes ApiError bodies and headers through', () => {
    const { body, headers } = toErrorResponse(
      ApiError.unauthorized({ wwwAuthenticate: 'Basic realm="x"' }),
    );
    expect(body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid or missing credentials',
      code: 'invalid_credentials',
    });
    expect(headers).toEqual({ 'WWW-Authenticate': 'Basic realm="x"' });
  });

  it('normalises Nest exceptions, joining validation messages', () => {
    expect(
      toErrorResponse(new BadRequestException(['a must be a string', 'b is required'])).body,
    ).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a must be a string; b is required',
      code: 'invalid_request',
    });
    expect(toErrorResponse(new NotFoundException()).body.code).toBe('not_found');
  });

  it('maps body-parser errors by type', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
    });
    expect(toErrorResponse(tooLarge).body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
    });
  });

  it('answers database outages with 503 and unknown errors with a generic 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(toErrorResponse(refused)).toEqual({
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable',
        code: 'database_unavailable',
      },
      headers: { 'Retry-After': '1' },
    });
    const internal = toErrorResponse(new Error('secret detail at /srv/app.js:10'));
    expect(internal.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      code: 'internal_error',
    });
  });
});
