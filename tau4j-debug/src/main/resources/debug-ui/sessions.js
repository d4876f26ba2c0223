// The sessions list: one entry per session the debug server knows, live or ended.

import { usd } from './store.js';

export function renderSessions(list, views, selected, onSelect) {
  list.replaceChildren();
  for (const v of views.values()) {
    const item = document.createElement('li');
    item.className = 'session' + (v.sid === selected ? ' selected' : '') + (v.connected ? '' : ' ended');
    item.dataset.sid = v.sid;
    const name = document.createElement('div');
    name.className = 'name';
    name.textContent = v.name;
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = `${v.sid} · ${v.model} · ${v.connected ? v.state.toLowerCase() : 'ended'}`
        + (v.totals ? ` · ${usd(v.totals.cost_usd)}` : '');
    item.append(name, meta);
    item.addEventListener('click', () => onSelect(v.sid));
    list.append(item);
  }
}
