// The dual-package hazard: an app (or its dependencies) that loads both our ESM build
// (import) and our CJS build (require). Errors from one copy must be recognised by the
// other's isIvsStoreError and instanceof IvsStoreError, and the React provider of one copy
// must be seen by the hooks of the other. Run: node dual.mjs
import { createRequire } from 'node:module';
import { IvsClient } from '@aws-sdk/client-ivs';
import * as esm from 'ivs-store';

const require = createRequire(import.meta.url);
const cjs = require('ivs-store');
const failures = [];
const is = (lib, value) => typeof lib.isIvsStoreError === 'function' && lib.isIvsStoreError(value);
const check = (what, value) => {
  console.log(`${value ? 'ok  ' : 'FAIL'} ${what}`);
  if (!value) failures.push(what);
};

check('the ESM and CJS builds are two copies (two IvsStoreError classes)', esm.IvsStoreError !== cjs.IvsStoreError);
check("both copies export isIvsStoreError", typeof esm.isIvsStoreError === 'function' && typeof cjs.isIvsStoreError === 'function');

// A real error from each copy's store: a malformed ARN is refused before any call.
const ivs = new IvsClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
async function errorFrom(lib) {
  const store = lib.createIvsStore({ ivs });
  try {
    return await store.channels.update({ arn: 'not-an-arn', name: 'x' }).then(
      () => undefined,
      (e) => e,
    );
  } finally {
    store.dispose();
  }
}
const fromEsm = await errorFrom(esm);
const fromCjs = await errorFrom(cjs);
check(`the ESM store rejects a malformed ARN with an IvsStoreError (got ${fromEsm?.name}: ${fromEsm?.message})`, fromEsm instanceof esm.IvsStoreError);
check('ESM error: CJS isIvsStoreError(error)', is(cjs, fromEsm));
check('ESM error: error instanceof CJS IvsStoreError', fromEsm instanceof cjs.IvsStoreError);
check('CJS error: ESM isIvsStoreError(error)', is(esm, fromCjs));
check('CJS error: error instanceof ESM IvsStoreError', fromCjs instanceof esm.IvsStoreError);
check('ESM error keeps its fields across copies (kind validation)', fromEsm?.kind === 'validation');

// React: <IvsStoreProvider> from one copy, useIvsStore() from the other.
try {
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const esmReact = await import('ivs-store/react');
  const cjsReact = require('ivs-store/react');
  const store = esm.createIvsStore({ ivs });
  let seen;
  const Probe = () => {
    seen = cjsReact.useIvsStore();
    return null;
  };
  try {
    renderToString(createElement(esmReact.IvsStoreProvider, { store }, createElement(Probe)));
  } catch (e) {
    seen = e;
  } finally {
    store.dispose();
  }
  check(`ESM <IvsStoreProvider> seen by CJS useIvsStore()${seen === store ? '' : ` (got: ${seen?.message ?? seen})`}`, seen === store);
} catch (e) {
  check(`React across copies: ${e.code ?? ''} ${e.message.split('\n')[0]}`, false);
}
ivs.destroy();
if (failures.length) process.exit(1);
