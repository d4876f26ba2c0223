// The event timeline of the selected session: one row per event (streamed deltas folded into one
// row with a count), state changes and errors marked, filterable; a click shows the raw JSON.

const MAX_ROWS = 3000;
const ARROWS = { server: '↓', client: '↑', tau: '◆' };

export class Timeline {
  constructor(list, raw, filter, toggles) {
    this.list = list;
    this.raw = raw;
    this.filter = filter;
    this.toggles = toggles;
    this.rows = new WeakMap();
    this.view = null;
    this.selectedRow = null;
    filter.addEventListener('input', () => this.render(this.view));
    for (const t of Object.values(toggles)) t.addEventListener('change', () => this.render(this.view));
  }

  matches(e) {
    const dirToggle = this.toggles[e.dir];
    if (dirToggle && !dirToggle.checked) return false;
    const q = this.filter.value.trim().toLowerCase();
    return !q || e.type.toLowerCase().includes(q) || String(e.summary).toLowerCase().includes(q);
  }

  /** Renders every entry of `view` (a session switch, a filter change). */
  render(view) {
    this.view = view;
    this.list.replaceChildren();
    this.rows = new WeakMap();
    if (!view) return;
    const shown = view.entries.filter((e) => this.matches(e)).slice(-MAX_ROWS);
    for (const e of shown) this.list.append(this.row(e));
    this.list.scrollTop = this.list.scrollHeight;
  }

  /** Shows a new or updated entry of the selected session. */
  add(e) {
    if (!e || !this.matches(e)) return;
    const stick = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 40;
    const existing = this.rows.get(e);
    if (existing) {
      this.fill(existing, e);
    } else {
      this.list.append(this.row(e));
      while (this.list.childElementCount > MAX_ROWS) this.list.firstElementChild.remove();
    }
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }

  row(e) {
    const row = document.createElement('div');
    row.className = `row dir-${e.dir} ${e.cls}`;
    for (const part of ['time', 'dir', 'type', 'count', 'summary']) {
      const span = document.createElement('span');
      span.className = part;
      row.append(span);
    }
    row.addEventListener('click', () => this.show(row, e));
    this.rows.set(e, row);
    this.fill(row, e);
    return row;
  }

  fill(row, e) {
    const [time, dir, type, count, summary] = row.children;
    const start = this.view && this.view.startedAt ? this.view.startedAt : e.t;
    time.textContent = e.t ? `+${((e.t - start) / 1000).toFixed(3)}s` : '';
    dir.textContent = ARROWS[e.dir] || '·';
    dir.title = e.dir;
    type.textContent = e.type;
    count.textContent = e.count > 1 ? `×${e.count}` : '';
    summary.textContent = e.summary;
    if (row === this.selectedRow) this.show(row, e);
  }

  show(row, e) {
    if (this.selectedRow) this.selectedRow.classList.remove('selected');
    this.selectedRow = row;
    row.classList.add('selected');
    this.raw.textContent = JSON.stringify(e.raw, (k, v) => (typeof v === 'string' && v.length > 4000 ? v.slice(0, 4000) + `… (${v.length} chars)` : v), 2);
  }
}
