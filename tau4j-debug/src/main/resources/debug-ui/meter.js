// The usage and cost meter of the selected session: the session's estimated total (responses,
// transcription, connected time) and tokens, updated at every response; the last response's lines.

import { usd } from './store.js';

export function renderMeter(el, view) {
  const total = el.querySelector('#cost-total');
  const detail = el.querySelector('#cost-detail');
  const lines = el.querySelector('#cost-lines');
  lines.replaceChildren();
  if (!view || !view.totals) {
    total.textContent = '$0';
    detail.textContent = 'no response yet';
    return;
  }
  const t = view.totals;
  const u = t.usage;
  total.textContent = usd(t.cost_usd) + (t.cost_parts_unknown > 0 ? ' +?' : '');
  detail.textContent = `${t.responses} response${t.responses === 1 ? '' : 's'} · in ${u.input_tokens} (cached ${u.input_token_details.cached_tokens})`
      + ` · out ${u.output_tokens} tokens` + (t.connected_ms > 0 ? ` · ${(t.connected_ms / 1000).toFixed(0)} s connected` : '');
  const r = view.lastResponse;
  const head = document.createElement('div');
  head.className = 'last';
  head.textContent = `last response ${r.id}: ${usd(r.cost.total_usd)}` + (r.cost.unknown ? ` (${r.cost.unknown})` : '');
  lines.append(head);
  for (const line of r.cost.lines) {
    const row = document.createElement('div');
    row.className = 'line';
    row.textContent = `${line.kind}: ${line.tokens} × $${line.usd_per_million}/M = ${usd(line.usd)}`;
    lines.append(row);
  }
}
