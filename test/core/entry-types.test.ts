import { describe, expectTypeOf, it } from 'vitest';
import type { Entry, IvsStoreError, StoreChannel } from '../../src/index.js';

/**
 * Entry<T> is a union on `status`: these are checked by `npm run typecheck` (a wrong
 * narrowing is a compile error), and the test body keeps vitest aware of them.
 */
describe('Entry<T> narrows on status under strict TypeScript', () => {
  it('success gives data: T; error gives an IvsStoreError; not-found has no data', () => {
    const check = (e: Entry<StoreChannel>) => {
      if (e.status === 'success') expectTypeOf(e.data).toEqualTypeOf<StoreChannel>();
      if (e.status === 'error') {
        expectTypeOf(e.error).toEqualTypeOf<IvsStoreError>();
        expectTypeOf(e.data).toEqualTypeOf<StoreChannel | undefined>();
      }
      if (e.status === 'not-found') expectTypeOf(e.data).toEqualTypeOf<undefined>();
      if (e.status === 'loading') expectTypeOf(e.error).toEqualTypeOf<undefined>();
      // @ts-expect-error data may be missing until the status says success
      void e.data.name;
    };
    // Destructured, as the README's Quick start does it.
    const destructured = ({ status, data, error }: Entry<StoreChannel>) => {
      if (status === 'success') expectTypeOf(data.name).toEqualTypeOf<string | undefined>();
      if (error) expectTypeOf(error).toEqualTypeOf<IvsStoreError>();
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf(destructured).toBeFunction();
  });
});
