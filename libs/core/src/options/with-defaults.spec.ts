import { withDefaults } from './with-defaults';

describe('withDefaults', () => {
  it('puts the options over the defaults, an undefined option keeping its default', () => {
    expect(withDefaults({ ttl: 60, size: 10 }, { ttl: 5, size: undefined, extra: 'x' })).toEqual({
      ttl: 5,
      size: 10,
      extra: 'x',
    });
    expect(withDefaults({ ttl: 60 }, undefined)).toEqual({ ttl: 60 });
  });
});
