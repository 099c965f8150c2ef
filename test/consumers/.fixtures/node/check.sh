# node: sourced by test/consumers/run.sh in the fixture's work copy.
step "$FIXTURE: ESM import of every entry + round trip (simulator, store, read, dispose)" 60 node esm.mjs
step "$FIXTURE: CJS require of every entry + round trip (simulator, store, read, dispose)" 60 node cjs.cjs
step "$FIXTURE: server rendering from the package (prefetch, renderToString, dehydrate, JSON, hydrate)" 60 node ssr.mjs
step "$FIXTURE: ESM and CJS copies together (isIvsStoreError, instanceof, React context)" 60 node dual.mjs
step "$FIXTURE: ivs-store/testing from ESM: createTestStore, a channel read, pollNow, stop, and the process exits" 60 node testing.mjs
step "$FIXTURE: ivs-store/relay from ESM: a relay over the simulator, a ws client's hello, watch and value, a refused token, stop, and the process exits" 60 node relay.mjs
