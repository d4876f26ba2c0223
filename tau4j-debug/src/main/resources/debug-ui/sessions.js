// The sessions list: one entry per session the debug server knows, live or ended; a session that
// failed (at setup too: a refused key, an unknown voice) shows its error.

import { usd } from './store.js';

export function renderSessions(list, views, selected, onSelect) {
  list.replaceChildren();
  for (const v of views.values()) {
    const item = document.createElement('li');
    item.className = 'session' + (v.sid === selected ? ' selected' : '') + (v.connected ? '' : ' ended')
        + (v.state === 'FAILED' ? ' failed' : '');
    item.dataset.sid = v.sid;
    const name = document.createElement('div');
    name.className = 'name';
    name.textContent = v.name;
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = `${v.sid} · ${v.model}${v.provider ? ' · ' + v.provider : ''} · ${v.state === 'FAILED' ? 'failed' : v.connected ? v.state.toLowerCase() : 'ended'}`
        + (v.totals ? ` · ${usd(v.totals.cost_usd)}` : '');
    item.append(name, meta);
    if (v.error && (v.state === 'FAILED' || !v.connected)) {
      const error = document.createElement('div');
      error.className = 'error';
      error.textContent = v.error;
      error.title = v.error;
      item.append(error);
    }
    item.addEventListener('click', () => onSelect(v.sid));
    list.append(item);
  }
}
