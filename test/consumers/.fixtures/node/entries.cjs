// What each entry point must export (a few names each), shared by esm.mjs and cjs.cjs.
module.exports.ENTRIES = {
  'ivs-store': ['createIvsStore', 'IvsStoreError', 'isIvsStoreError', 'Secret', 'prefetch', 'dehydrate', 'hydrate'],
  'ivs-store/react': ['IvsStoreProvider', 'useChannel', 'useChannels', 'useEntry'],
  'ivs-store/vue': ['provideIvsStore', 'useChannel', 'useChannels'],
  'ivs-store/angular': ['provideIvsStore', 'injectChannel', 'IVS_STORE'],
  'ivs-store/simulator': ['startIvsSimulator', 'simulatorOperations'],
  'ivs-store/realtime': ['realtimeResources'],
  'ivs-store/relay': ['createRelay', 'startRelay'],
  'ivs-store/devtools': ['mountDevtools'],
  'ivs-store/testing': ['createTestStore', 'waitFor', 'firstSettled', 'pollNow', 'TEST_STORE_DEFAULTS'],
  'ivs-store/testing/react': ['IvsTestProvider', 'ivsTestWrapper', 'pollNow'],
  'ivs-store/testing/vue': ['ivsTestPlugin', 'IvsTestProvider', 'pollNow'],
  'ivs-store/testing/angular': ['provideIvsTestStore', 'pollNow'],
};

/** Loads every entry with `load`; returns the modules and one line per failure. */
module.exports.loadAll = async function loadAll(how, load) {
  const mods = {};
  const failures = [];
  for (const [entry, names] of Object.entries(module.exports.ENTRIES)) {
    try {
      const mod = await load(entry);
      const missing = names.filter((n) => typeof mod[n] === 'undefined');
      if (missing.length) failures.push(`${how} '${entry}': no export ${missing.join(', ')}`);
      else console.log(`${how} '${entry}': ok (${Object.keys(mod).length} exports)`);
      mods[entry] = mod;
    } catch (e) {
      failures.push(`${how} '${entry}': ${e.code ? `${e.code} ` : ''}${String(e.message).split('\n')[0]}`);
    }
  }
  return { mods, failures };
};

/**
 * A real round trip: simulator up, a store over the SDK clients, a channel (and a stage,
 * through ivs-store/realtime) read, the store disposed, the simulator stopped. The caller's
 * process must then exit by itself: nothing left running.
 */
module.exports.roundTrip = async function roundTrip(mods, sdk) {
  const { createIvsStore } = mods['ivs-store'];
  const { startIvsSimulator } = mods['ivs-store/simulator'];
  const realtime = mods['ivs-store/realtime'];
  const sim = await startIvsSimulator({ seed: 9 });
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new sdk.IvsClient(config);
  const rt = new sdk.IVSRealTimeClient(config);
  const channelArn = sim.control.ivs.createChannel({ name: 'lobby' }).arn;
  const stageArn = sim.control.realtime.createStage({ name: 'green-room' }).arn;
  const store = createIvsStore(realtime ? { ivs, realtime: realtime.realtimeResources(rt) } : { ivs });
  const settled = (obs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in 5 s')), 5000);
      const sub = obs.subscribe((e) => {
        if (e.status === 'loading') return;
        clearTimeout(timer);
        queueMicrotask(() => sub.unsubscribe());
        if (e.status === 'success') resolve(e.data);
        else reject(e.error ?? new Error(`status ${e.status}`));
      });
    });
  try {
    const channel = await settled(store.channels.get$(channelArn));
    if (channel.name !== 'lobby') throw new Error(`channel read: expected name lobby, got ${channel.name}`);
    console.log(`round trip: channel ${channel.name} read`);
    if (realtime) {
      const stage = await settled(store.stages.get$(stageArn));
      if (stage.name !== 'green-room') throw new Error(`stage read: expected name green-room, got ${stage.name}`);
      console.log(`round trip: stage ${stage.name} read through ivs-store/realtime`);
    } else {
      throw new Error('no stage read: ivs-store/realtime did not load');
    }
  } finally {
    store.dispose();
    ivs.destroy();
    rt.destroy();
    await sim.stop();
  }
};

/** Fails the process if it is still alive `ms` after the work is done (a timer, socket or subscription left behind). */
module.exports.mustExit = function mustExit(label, ms = 5000) {
  setTimeout(() => {
    console.log(`FAIL: ${label}: the process was still running ${ms} ms after dispose() and stop(); active: ${process.getActiveResourcesInfo().join(', ')}`);
    process.exit(1);
  }, ms).unref();
};
