// Fault controls that drive the reference server's control plane: kill / 503 / stall / throttle
// one edge cache, cap the bandwidth, or replay a real throughput trace — scoped to this demo
// session, so other viewers of the same server are not affected. The control plane needs the
// operator token that `npm start` prints (it is read from the page's #operator=… fragment, which
// never reaches a server log, and kept in sessionStorage).

const TRACES = [
  ['3G bus (Oslo)', 'pensieve-train/bus.ljansbakken-oslo-report.2010-09-28_1407CEST.log'],
  ['Oboe #0', 'oboe/trace_0.txt'],
  ['Oboe #1', 'oboe/trace_1.txt'],
];

export function operatorToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('operator');
  if (fromHash) sessionStorage.setItem('edgeplay.operator', fromHash);
  return fromHash || sessionStorage.getItem('edgeplay.operator') || '';
}

async function control(method, path, body) {
  const token = operatorToken();
  const res = await fetch(path, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json?.error?.message ?? json?.message ?? `HTTP ${res.status}`);
  return json;
}

/**
 * @param {{ root: HTMLElement, session: string, caches: () => { id: string }[], log: (s: string) => void, onFault?: (cache: string, mode: string) => void }} o
 */
export function createFaultPanel({ root, session, caches, log, onFault }) {
  const rows = root.querySelector('.cache-rows');
  const status = root.querySelector('.fault-status');
  const faults = {
    kill: { mode: 'down' },
    503: { mode: 'http-error', status: 503 },
    stall: { mode: 'stall' },
    throttle: { mode: 'bandwidth', kbps: 250 },
  };
  const act = async (label, fn) => {
    try {
      await fn();
      status.textContent = label;
      status.className = 'fault-status ok';
      log(`fault: ${label}`);
    } catch (e) {
      status.textContent = `${label}: ${e.message}`;
      status.className = 'fault-status bad';
    }
  };

  function render() {
    rows.replaceChildren(...caches().map(({ id }) => {
      const row = document.createElement('div');
      row.className = 'cache-row';
      row.dataset.cache = id;
      const name = document.createElement('span');
      name.className = 'cache-name';
      name.textContent = id;
      row.append(name);
      for (const [label, spec] of Object.entries(faults)) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        b.dataset.fault = label;
        b.addEventListener('click', () => act(`${label} ${id}`, async () => {
          await control('POST', `/control/caches/${id}/faults`, { ...spec, session });
          onFault?.(id, label);
        }));
        row.append(b);
      }
      const clear = document.createElement('button');
      clear.type = 'button';
      clear.textContent = 'heal';
      clear.className = 'heal';
      clear.addEventListener('click', () => act(`heal ${id}`, () => control('DELETE', `/control/caches/${id}/faults`)));
      row.append(clear);
      return row;
    }));
  }

  const cap = root.querySelector('select[name="cap"]');
  cap.addEventListener('change', () => act(cap.value ? `cap ${cap.value} kb/s` : 'no cap', async () => {
    for (const { id } of caches()) {
      await control('DELETE', `/control/caches/${id}/faults`);
      if (cap.value) await control('POST', `/control/caches/${id}/faults`, { mode: 'bandwidth', kbps: Number(cap.value), session });
    }
  }));
  const trace = root.querySelector('select[name="trace"]');
  trace.replaceChildren(new Option('no trace', ''), ...TRACES.map(([label, file]) => new Option(label, file)));
  trace.addEventListener('change', () => act(trace.value ? `trace ${trace.selectedOptions[0].text}` : 'no trace', async () => {
    for (const { id } of caches()) {
      await control('DELETE', `/control/caches/${id}/faults`);
      if (trace.value) await control('POST', `/control/caches/${id}/faults`, { mode: 'trace', traceFile: trace.value, session });
    }
  }));
  if (!operatorToken()) {
    status.textContent = 'Fault controls need the operator token: open the demo URL that npm start prints (…#operator=…).';
    status.className = 'fault-status bad';
  }
  render();
  return { render };
}
