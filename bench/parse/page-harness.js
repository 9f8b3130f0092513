/* global shaka, dashjs */
// Runs inside the benchmark page. Every parser gets the same text; each is timed
// from text in hand to its parsed model, with warm-up, for at least `minMs`.

window.benchShaka = async function benchShaka(kind, text, uri) {
  const texts = (window.__benchTexts ||= new Map());
  texts.set(uri, text);
  if (!window.__benchSchemeRegistered) {
    // A networking scheme that answers from memory, so no network is timed.
    shaka.net.NetworkingEngine.registerScheme('bench', (u) =>
      shaka.util.AbortableOperation.completed({ uri: u, originalUri: u, data: new TextEncoder().encode(window.__benchTexts.get(u) || '').buffer, headers: {} }),
    );
    window.__benchSchemeRegistered = true;
  }
  const player = (window.__benchPlayer ||= new shaka.Player());
  const parser = kind === 'dash' ? new shaka.dash.DashParser() : new shaka.hls.HlsParser();
  parser.configure(player.getConfiguration().manifest);
  const noop = () => {};
  const iface = {
    networkingEngine: window.__benchNE || (() => {
      const ne = new shaka.net.NetworkingEngine();
      ne.configure(player.getConfiguration().networking);
      return (window.__benchNE = ne);
    })(),
    filter: () => Promise.resolve(), makeTextStreamsForClosedCaptions: noop, onTimelineRegionAdded: noop, onEvent: noop,
    onError: (e) => { throw e; }, isLowLatencyMode: () => false, isAutoLowLatencyMode: () => false, enableLowLatencyMode: noop,
    updateDuration: noop, newDrmInfo: noop, onManifestUpdated: noop, getBandwidthEstimate: () => 1e6, onMetadata: () => Promise.resolve(),
    disableStream: noop, addFont: noop, onSegmentReceived: noop, getStreamingRetryParameters: () => player.getConfiguration().streaming.retryParameters,
    modifyManifestRequest: noop, modifySegmentRequest: noop, isPreloading: () => false,
  };
  const manifest = await parser.start(uri, iface);
  await parser.stop();
  return manifest;
};

window.benchDashjs = function benchDashjs(text) {
  if (!window.__dashParser) {
    const context = {};
    const settings = dashjs.FactoryMaker.getSingletonFactoryByName('Settings')(context).getInstance();
    const debug = dashjs.FactoryMaker.getSingletonFactoryByName('Debug')(context).getInstance({ settings });
    window.__dashParser = dashjs.FactoryMaker.getClassFactoryByName('DashParser')(context).create({ debug });
  }
  return window.__dashParser.parse(text);
};

window.timeIt = async function timeIt(fn, minMs, maxIterations) {
  for (let i = 0; i < 3; i++) await fn(); // warm-up (JIT)
  // Browsers coarsen performance.now(); batch calls so one sample lasts ≥ 5 ms.
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    if (performance.now() - t0 >= 5 || batch >= 4096) break;
    batch *= 2;
  }
  const samples = [];
  const started = performance.now();
  while ((performance.now() - started < minMs || samples.length < 5) && samples.length < maxIterations) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    samples.push((performance.now() - t0) / batch);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1], n: samples.length * batch };
};
