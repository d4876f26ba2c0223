// The conversation of the selected session as turns: user, assistant and tool, in order, with the
// latency of each assistant turn (first audio, first text) and its cost once its response is done.

import { latencyText, usd } from './store.js';

export function renderTranscript(container, view) {
  container.replaceChildren();
  if (!view) return;
  for (const t of view.turns.values()) {
    const turn = document.createElement('div');
    turn.className = `turn role-${t.role}${t.deleted ? ' deleted' : ''}`;
    turn.dataset.item = t.id;
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = t.role;
    if (t.audio) {
      const mark = document.createElement('span');
      mark.className = 'audio';
      mark.textContent = t.audioMs ? `audio ${(t.audioMs / 1000).toFixed(1)} s` : 'audio';
      who.append(mark);
    }
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = t.text || (t.audio ? '(no transcript: turn on input transcription to see one)' : '…');
    turn.append(who, text);
    const notes = [];
    if (t.truncatedMs !== null) notes.push(`cut at ${t.truncatedMs} ms`);
    if (t.deleted) notes.push('deleted');
    if (t.role === 'assistant' && t.responseId) {
      const lat = latencyText(view.latency.of(t.responseId));
      if (lat) notes.push(lat);
    }
    if (t.tokens !== null) notes.push(`${t.tokens} tokens · ${usd(t.cost)}`);
    if (notes.length) {
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = notes.join(' · ');
      turn.append(meta);
    }
    container.append(turn);
  }
  container.scrollTop = container.scrollHeight;
}
