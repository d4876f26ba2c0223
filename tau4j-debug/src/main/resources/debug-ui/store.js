// What the UI knows of each session, built from the debug server's messages (docs/debug.md):
// the timeline entries, the conversation's turns, the usage and cost totals, the state.

import { outputFormat } from './pcm.js';

const MAX_ENTRIES = 20000;
const STREAMED = /\.delta$|^input_audio_buffer\.append$/;

export class SessionView {
  constructor(sid) {
    this.sid = sid;
    this.name = sid;
    this.model = '';
    this.provider = '';
    this.state = 'OPEN';
    this.connected = true;
    this.config = null;
    this.format = outputFormat(null);
    this.entries = [];
    this.turns = new Map();
    this.responses = [];
    this.totals = null;
    this.lastResponse = null;
    this.dropped = null;
    this.startedAt = null;
    this.error = null;
    this.latency = new Latency();
    this.version = 0;
  }

  /** Applies one message; returns the timeline entry it added or updated (or null). */
  apply(m) {
    this.version++;
    if (this.startedAt === null && m.t) this.startedAt = m.t;
    switch (m.type) {
      case 'tau.hello':
        this.name = m.name;
        this.model = m.model;
        this.provider = m.provider || '';
        this.state = m.state || 'OPEN';
        this.setConfig(m.session);
        return this.entry(m.t, 'tau', 'tau.hello', `${m.name} · ${m.model}${m.provider ? ' · ' + m.provider : ''} · pid ${m.pid}`, m, 'marker');
      case 'tau.event':
        return this.event(m);
      case 'tau.state':
        this.state = m.current;
        return this.entry(m.t, 'tau', 'tau.state', `${m.previous} → ${m.current}`, m, 'marker state-' + m.current.toLowerCase());
      case 'tau.response':
        return this.response(m);
      case 'tau.error':
        if (!m.command) this.error = m.message;
        return this.entry(m.t, 'tau', 'tau.error', (m.command ? m.command + ': ' : '') + m.message, m, 'error');
      case 'tau.stall':
        return this.entry(m.t, 'tau', 'tau.stall', `stall: no server event for ${m.silence_ms} ms (${m.response_id ?? 'no response yet'}) → ${m.action}`, m, 'marker state-reconnecting');
      case 'tau.rollover':
        return this.entry(m.t, 'tau', 'tau.rollover', `rolled over to a fresh connection (${m.items_replayed} items replayed in all)`, m, 'marker state-recovered');
      case 'tau.dropped':
        this.dropped = m;
        return this.entry(m.t, 'tau', 'tau.dropped', `not relayed: ${m.frames} frames, ${m.input_audio_chunks} mic chunks`, m, 'warn');
      case 'tau.ended':
        this.connected = false;
        return this.entry(m.t, 'tau', 'tau.ended', 'the session disconnected from the debug server', m, 'marker');
      default:
        return this.entry(m.t, 'tau', m.type, '', m, '');
    }
  }

  setConfig(session) {
    if (!session) return;
    this.config = session;
    this.format = outputFormat(session);
  }

  event(m) {
    const ev = m.event || {};
    // Gemini Live frames carry no type: their one top-level key (setup, serverContent, toolCall…) names them.
    const type = ev.type || (typeof ev === 'object' && Object.keys(ev)[0]) || '?';
    this.latency.observe(m.dir, ev, type, m.t);
    if (m.dir === 'server') this.serverEvent(ev, type);
    if (m.dir === 'server' && type === 'error' && ev.error) this.error = ev.error.message || ev.error.code || 'error';
    const cls = type === 'error' ? 'error' : '';
    return this.entry(m.t, m.dir, type, summarize(ev, type), ev, cls);
  }

  serverEvent(ev, type) {
    if (ev.serverContent) this.gemini(ev.serverContent);
    switch (type) {
      case 'session.created':
      case 'session.updated':
        this.setConfig(ev.session);
        break;
      case 'conversation.item.added':
      case 'conversation.item.created':
      case 'conversation.item.done':
      case 'conversation.item.retrieved':
        this.item(ev.item, null);
        break;
      case 'response.output_item.added':
      case 'response.output_item.done':
        this.item(ev.item, ev.response_id);
        break;
      case 'response.output_audio_transcript.delta':
      case 'response.audio_transcript.delta':
      case 'response.output_text.delta':
      case 'response.text.delta':
        this.turn(ev.item_id, 'assistant', ev.response_id).text += ev.delta || '';
        break;
      case 'conversation.item.input_audio_transcription.delta':
        this.turn(ev.item_id, 'user').text += ev.delta || '';
        break;
      case 'conversation.item.input_audio_transcription.completed':
        this.turn(ev.item_id, 'user').text = ev.transcript || '';
        break;
      case 'input_audio_buffer.speech_started':
        this.speechStartMs = ev.audio_start_ms;
        break;
      case 'input_audio_buffer.speech_stopped':
        if (ev.item_id && this.speechStartMs !== undefined) {
          const t = this.turn(ev.item_id, 'user');
          t.audio = true;
          t.audioMs = ev.audio_end_ms - this.speechStartMs;
        }
        break;
      case 'conversation.item.deleted':
        if (this.turns.has(ev.item_id)) this.turns.get(ev.item_id).deleted = true;
        break;
      case 'conversation.item.truncated':
        if (this.turns.has(ev.item_id)) this.turns.get(ev.item_id).truncatedMs = ev.audio_end_ms;
        break;
      default:
    }
  }

  /** Gemini Live's serverContent (raw frames, no GA events): transcriptions and text into this exchange's turns. */
  gemini(c) {
    const n = this.geminiTurn || 0;
    if (c.inputTranscription && c.inputTranscription.text) this.turn(`gemini-user-${n}`, 'user').text += c.inputTranscription.text;
    const model = () => this.turn(`gemini-model-${n}`, 'assistant');
    if (c.outputTranscription && c.outputTranscription.text) model().text += c.outputTranscription.text;
    for (const p of (c.modelTurn && c.modelTurn.parts) || []) {
      if (p.inlineData) model().audio = true;
      else if (typeof p.text === 'string' && !p.thought) model().text += p.text;
    }
    if (c.turnComplete) this.geminiTurn = n + 1;
  }

  item(item, responseId) {
    if (!item || !item.id) return;
    if (item.type === 'function_call') {
      const t = this.turn(item.id, 'tool', responseId);
      t.text = `${item.name || 'function'}(${item.arguments || ''})`;
      return;
    }
    if (item.type === 'function_call_output') {
      this.turn(item.id, 'tool', responseId).text = `→ ${item.output || ''}`;
      return;
    }
    if (item.type !== 'message') return;
    const t = this.turn(item.id, item.role, responseId);
    let text = '';
    let audio = false;
    for (const part of item.content || []) {
      if (part.type === 'input_audio' || part.type === 'output_audio' || part.type === 'audio') {
        audio = true;
        if (part.transcript) text += part.transcript;
      } else if (part.text) {
        text += part.text;
      }
    }
    t.audio = t.audio || audio;
    if (text) t.text = text;
  }

  turn(id, role, responseId) {
    let t = this.turns.get(id);
    if (!t) {
      t = { id, role, text: '', audio: false, audioMs: 0, responseId: null, cost: null, tokens: null, deleted: false, truncatedMs: null };
      this.turns.set(id, t);
    }
    if (responseId) t.responseId = responseId;
    return t;
  }

  response(m) {
    const r = m.response;
    this.responses.push(r);
    this.totals = m.totals;
    this.lastResponse = r;
    for (const t of this.turns.values()) {
      if (t.responseId === r.id) {
        t.cost = r.cost.total_usd;
        t.tokens = r.usage.total_tokens;
      }
    }
    const cost = r.cost.total_usd === null ? 'cost unknown' : usd(r.cost.total_usd);
    const lat = latencyText(this.latency.of(r.id));
    return this.entry(m.t, 'tau', 'tau.response', `${r.status.toLowerCase()} · ${r.usage.total_tokens} tokens · ${cost}`
        + (lat ? ' · ' + lat : ''), m, 'response');
  }

  /**
   * Adds an entry, or folds a streamed event (a delta, an append) into the entry of the same type
   * among the last few, when only streamed events came since (audio and transcript deltas interleave).
   */
  entry(t, dir, type, summary, raw, cls) {
    if (STREAMED.test(type)) {
      for (let i = this.entries.length - 1; i >= Math.max(0, this.entries.length - 4); i--) {
        const e = this.entries[i];
        if (e.type === type && e.dir === dir) {
          e.count++;
          e.raw = raw;
          e.summary = summary;
          e.updated = true;
          return e;
        }
        if (!STREAMED.test(e.type)) break;
      }
    }
    const e = { t, dir, type, summary, raw, cls, count: 1, updated: false };
    this.entries.push(e);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return e;
  }
}

/**
 * Time to first audio and to first text of each response, in ms, by the session's own clock (the
 * relay stamps every frame when the session sees it). A response's clock starts at what asked for
 * it: the client's response.create, else the end of the user's speech (server VAD), else its
 * response.created.
 */
export class Latency {
  constructor() {
    this.byResponse = new Map();
    this.askedAt = null;
  }

  observe(dir, ev, type, t) {
    if (!t) return;
    if (dir === 'client' && type === 'response.create') this.askedAt = t;
    if (dir !== 'server') return;
    if (type === 'input_audio_buffer.speech_stopped') this.askedAt = t;
    if (type === 'response.created' && ev.response && ev.response.id) {
      this.byResponse.set(ev.response.id, { start: this.askedAt ?? t, audioMs: null, textMs: null });
      this.askedAt = null;
      return;
    }
    const r = ev.response_id && this.byResponse.get(ev.response_id);
    if (!r) return;
    if (r.audioMs === null && (type === 'response.output_audio.delta' || type === 'response.audio.delta')) {
      r.audioMs = t - r.start;
    }
    if (r.textMs === null && /^response\.(output_audio_transcript|audio_transcript|output_text|text)\.delta$/.test(type)) {
      r.textMs = t - r.start;
    }
  }

  of(responseId) {
    return this.byResponse.get(responseId) || null;
  }

  /** {p50, p95, n} of the responses' time to first audio ('audioMs') or text ('textMs'), or null. */
  percentiles(key) {
    const values = [...this.byResponse.values()].map((r) => r[key]).filter((v) => v !== null).sort((a, b) => a - b);
    if (!values.length) return null;
    const at = (q) => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)];
    return { p50: at(0.5), p95: at(0.95), n: values.length };
  }
}

/** "first audio 312 ms · first text 298 ms" for one response's latency, or ''. */
export function latencyText(l) {
  if (!l) return '';
  const parts = [];
  if (l.audioMs !== null) parts.push(`first audio ${l.audioMs} ms`);
  if (l.textMs !== null) parts.push(`first text ${l.textMs} ms`);
  return parts.join(' · ');
}

export function usd(value) {
  if (value === null || value === undefined) return 'cost unknown';
  return '$' + Number(value).toFixed(value < 0.01 ? 6 : 4);
}

function clip(s, n = 80) {
  s = String(s ?? '');
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function summarize(ev, type) {
  if (type.endsWith('transcript.delta') || type.endsWith('text.delta')) return clip(ev.delta);
  if (type.endsWith('audio.delta')) return String(ev.delta || '').startsWith('(') ? ev.delta : `${Math.floor((ev.delta || '').length * 3 / 4)} bytes`;
  if (type === 'input_audio_buffer.append') return String(ev.audio || '');
  if (ev.item) return clip(`${ev.item.role || ev.item.type || ''} ${ev.item.id || ''} ${itemText(ev.item)}`);
  if (type === 'error') return clip(ev.error && ev.error.message);
  if (ev.response) return clip(`${ev.response.id || ''} ${ev.response.status || ''}`);
  if (ev.transcript) return clip(ev.transcript);
  if (ev.item_id) return ev.item_id;
  if (ev.session) return clip(`${ev.session.model || ''} ${ev.session.id || ''}`);
  if (ev.serverContent) return clip(geminiSummary(ev.serverContent));
  return '';
}

/** What a Gemini serverContent frame says, in a few words. */
function geminiSummary(c) {
  const said = [];
  if (c.inputTranscription) said.push(`heard: ${c.inputTranscription.text || ''}`);
  if (c.outputTranscription) said.push(`said: ${c.outputTranscription.text || ''}`);
  for (const p of (c.modelTurn && c.modelTurn.parts) || []) {
    if (p.inlineData) said.push(String(p.inlineData.data || '').startsWith('(') ? p.inlineData.data : 'audio');
    else if (typeof p.text === 'string') said.push(p.text);
  }
  for (const flag of ['interrupted', 'generationComplete', 'turnComplete']) if (c[flag]) said.push(flag);
  return said.join(' · ');
}

function itemText(item) {
  for (const part of item.content || []) {
    if (part.text) return part.text;
    if (part.transcript) return part.transcript;
  }
  return item.name || '';
}
