// The debug UI: connects to the debug server (/ui, with the page's cookie), keeps a view of every
// session, shows the selected one, plays its audio, and sends it text and microphone audio.
// window.tauDebug exposes read-only statistics for tests and the curious.

import { Mic } from './mic.js';
import { base64ToBytes, decode } from './pcm.js';
import { Player } from './player.js';
import { renderMeter } from './meter.js';
import { renderSessions } from './sessions.js';
import { SessionView } from './store.js';
import { Timeline } from './timeline.js';
import { renderTranscript } from './transcript.js';

const $ = (id) => document.getElementById(id);
// The token came in the URL once; the server set it as an HttpOnly cookie, which the socket and the
// downloads carry: drop it from the address bar (history, bookmarks, screen shares).
if (location.search) history.replaceState(null, '', location.pathname);
const views = new Map();
let selected = null;
let ready = false;
let socket = null;
let attempts = 0;
let dirty = false;

const player = new Player($('wave'));
const timeline = new Timeline($('timeline'), $('raw'), $('filter'),
    { server: $('show-server'), client: $('show-client'), tau: $('show-tau') });
const mic = new Mic(
    (audio) => send({ type: 'tau.input_audio', sid: selected, audio }),
    () => send({ type: 'tau.input_audio_end', sid: selected }));

function connect() {
  socket = new WebSocket(`ws://${location.host}/ui`);
  socket.onopen = () => {
    attempts = 0;
    views.clear();
    ready = false;
    status('connected', 'ok');
  };
  socket.onmessage = (e) => receive(JSON.parse(e.data));
  socket.onclose = () => {
    status('disconnected: retrying', 'bad');
    attempts++;
    setTimeout(connect, Math.min(5000, 500 * attempts));
  };
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN && message.sid) socket.send(JSON.stringify(message));
}

function status(text, cls) {
  const s = $('link-status');
  s.textContent = text;
  s.className = 'badge ' + (cls || '');
}

function notice(text) {
  $('notice').textContent = text;
}

function receive(m) {
  if (m.type === 'tau.ready') {
    ready = true;
    if (!selected || !views.has(selected)) {
      const live = [...views.values()].filter((v) => v.connected);
      const first = live.length ? live[live.length - 1] : [...views.values()].pop();
      if (first) return select(first.sid);
    }
    return select(selected);
  }
  if (m.type === 'tau.ui_dropped') return notice(`this page lagged: ${m.messages} messages not shown`);
  if (!m.sid) return m.type === 'tau.error' ? notice(m.message) : undefined;
  let view = views.get(m.sid);
  if (!view) {
    view = new SessionView(m.sid);
    views.set(m.sid, view);
  }
  if (m.type === 'tau.event' && m.dir === 'server') audio(view, m.event);
  const entry = view.apply(m);
  if (ready && !selected) return select(m.sid);
  if (m.sid === selected) timeline.add(entry);
  dirty = true;
}

/** Plays the model's audio of the selected session (or of every session) and frees its base64. */
function audio(view, ev) {
  if (ev.type === 'input_audio_buffer.speech_started' && view.sid === selected) player.clear();
  if (ev.serverContent) return geminiAudio(view, ev.serverContent);
  if (ev.type !== 'response.output_audio.delta' && ev.type !== 'response.audio.delta') return;
  if (typeof ev.delta !== 'string' || ev.delta.startsWith('(')) return;
  const bytes = base64ToBytes(ev.delta);
  view.lastAudio = bytes;
  if (ready && (view.sid === selected || $('hear-all').checked)) player.play(bytes, view.format);
  ev.delta = `(${bytes.length} bytes of audio)`;
}

/** Gemini Live's audio: inlineData parts of a raw serverContent frame; an interruption stops playback. */
function geminiAudio(view, c) {
  if (c.interrupted && view.sid === selected) player.clear();
  for (const p of (c.modelTurn && c.modelTurn.parts) || []) {
    const data = p.inlineData && p.inlineData.data;
    if (typeof data !== 'string' || data.startsWith('(')) continue;
    const bytes = base64ToBytes(data);
    view.lastAudio = bytes;
    if (ready && (view.sid === selected || $('hear-all').checked)) player.play(bytes, view.format);
    p.inlineData.data = `(${bytes.length} bytes of audio)`;
  }
}

function select(sid) {
  if (sid !== selected) {
    player.clear();
    player.forget();
    const view = views.get(sid);
    if (view && view.lastAudio) player.hold(decode(view.lastAudio, view.format));
  }
  selected = sid;
  timeline.render(views.get(sid) || null);
  dirty = true;
  render();
}

function render() {
  dirty = false;
  const view = views.get(selected) || null;
  renderSessions($('sessions'), views, selected, select);
  $('no-sessions').hidden = views.size > 0;
  $('session-name').textContent = view ? view.name : 'no session selected';
  $('session-state').textContent = view ? (view.state === 'FAILED' ? 'failed' : view.connected ? view.state.toLowerCase() : 'ended') : '';
  $('session-model').textContent = view ? `${view.sid} · ${view.model}${view.provider ? ' · ' + view.provider : ''}` : '';
  for (const [id, file] of [['dl-events', 'events.jsonl'], ['dl-output', 'output.wav'], ['dl-input', 'input.wav']]) {
    $(id).href = view ? `/api/sessions/${view.sid}/${file}` : '#';
  }
  renderTranscript($('transcript'), view);
  renderMeter($('meter'), view);
  $('latency').textContent = view ? latencySummary(view.latency) : '';
  const c = view && view.config;
  $('config-summary').textContent = c
      ? `voice ${c.audio?.output?.voice ?? c.voice ?? '?'} · turn detection ${turnDetection(c)} · output ${view.format.encoding} ${view.format.rate} Hz`
      : '';
  $('config-json').textContent = c ? JSON.stringify(c, null, 2) : '';
  const usable = !!(view && view.connected);
  for (const id of ['text', 'send', 'ptt', 'open-mic']) $(id).disabled = !usable;
}

/** The session's p50/p95 time to first audio and to first text, over its responses. */
function latencySummary(latency) {
  const parts = [];
  for (const [key, label] of [['audioMs', 'first audio'], ['textMs', 'first text']]) {
    const p = latency.percentiles(key);
    if (p) parts.push(`${label} p50 ${p.p50} ms · p95 ${p.p95} ms`);
  }
  if (!parts.length) return 'latency: no response yet';
  const n = (latency.percentiles('audioMs') || latency.percentiles('textMs')).n;
  return `latency: ${parts.join(' · ')} (${n} response${n === 1 ? '' : 's'})`;
}

function turnDetection(c) {
  const td = c.audio?.input ? c.audio.input.turn_detection : c.turn_detection;
  return td ? td.type : 'off (push-to-talk commits)';
}

function tick() {
  if (dirty) render();
  const s = player.stats;
  $('audio-stats').textContent = `${s.chunks} chunks · ${(s.scheduledMs / 1000).toFixed(1)} s · peak ${s.lastPeak.toFixed(2)}`
      + ` · audio ${player.state() === 'running' ? 'on' : 'off: click the page'}`
      + ` · mic ${mic.sending ? 'sending' : mic.isOpen() ? 'open' : 'off'}`
      + (mic.sending ? ` (${mic.stats.chunks} chunks)` : '');
  $('mic-level').value = mic.isOpen() ? mic.stats.level : 0;
  $('enable-audio').hidden = player.state() === 'running';
  requestAnimationFrame(tick);
}

async function startMic() {
  player.ensure();
  mic.processing = $('voice-processing').checked;
  try {
    await mic.start();
  } catch (e) {
    notice(`microphone: ${e.message || e}`);
  }
}

$('input').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  player.ensure();
  send({ type: 'tau.user_text', sid: selected, text });
  $('text').value = '';
});
$('ptt').addEventListener('pointerdown', () => startMic());
for (const ev of ['pointerup', 'pointerleave']) $('ptt').addEventListener(ev, () => mic.stop());
$('open-mic').addEventListener('click', async () => {
  if (mic.sending) {
    mic.stop();
  } else {
    await startMic();
  }
  $('open-mic').textContent = mic.sending ? 'Close mic' : 'Open mic';
  $('open-mic').classList.toggle('active', mic.sending);
});
document.addEventListener('keydown', (e) => {
  if (e.code === 'Space' && !e.repeat && document.activeElement.tagName !== 'INPUT' && selected) {
    e.preventDefault();
    startMic();
  }
});
document.addEventListener('keyup', (e) => {
  if (e.code === 'Space' && document.activeElement.tagName !== 'INPUT') mic.stop();
});
$('enable-audio').addEventListener('click', () => player.ensure());
document.addEventListener('pointerdown', () => player.ensure());
$('volume').addEventListener('input', (e) => player.setVolume(Number(e.target.value)));

window.tauDebug = Object.freeze({
  stats: () => ({
    ...player.stats,
    context: player.state(),
    pendingSeconds: player.pending(),
    mic: { ...mic.stats, sending: mic.sending, open: mic.isOpen() },
    selected,
    sessions: views.size,
    waveformHeld: player.hasHeld,
    ready,
  }),
  select: (sid) => select(sid),
});

player.ensure();   // runs at once where the browser allows it; otherwise at the first click
connect();
requestAnimationFrame(tick);
