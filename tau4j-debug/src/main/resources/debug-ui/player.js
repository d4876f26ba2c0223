// Plays the model's audio live through Web Audio: each delta becomes an AudioBuffer scheduled
// right after the previous one (gapless), through a gain and an analyser that feeds the waveform
// and the page's statistics (window.tauDebug.stats()). Once nothing plays (the response or the
// session ended, or the browser keeps audio off) the waveform shows the last audio received.

import { decode, peak } from './pcm.js';

const LEAD_SECONDS = 0.05;

export class Player {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = null;
    this.gain = null;
    this.analyser = null;
    this.nextTime = 0;
    this.sources = new Set();
    this.volume = 1;
    this.stats = { chunks: 0, samples: 0, scheduledMs: 0, outputPeak: 0, lastPeak: 0, cleared: 0, skipped: 0 };
    this.samples = null;
    this.held = new Float32Array(2048);
    this.hasHeld = false;
  }

  /** Creates the audio graph (24 kHz) on first use; browsers start it suspended until a click. */
  ensure() {
    if (!this.ctx) {
      this.ctx = new AudioContext({ sampleRate: 24000, latencyHint: 'interactive' });
      this.gain = this.ctx.createGain();
      this.gain.gain.value = this.volume;
      this.analyser = this.ctx.createAnalyser();
      this.analyser.fftSize = 2048;
      this.gain.connect(this.analyser);
      this.analyser.connect(this.ctx.destination);
      this.samples = new Float32Array(this.analyser.fftSize);
      setInterval(() => this.measure(), 50);
      requestAnimationFrame(() => this.draw());
    }
    if (this.ctx.state === 'suspended') this.ctx.resume().catch(() => {});
    return this.ctx;
  }

  state() {
    return this.ctx ? this.ctx.state : 'none';
  }

  setVolume(v) {
    this.volume = v;
    if (this.gain) this.gain.gain.value = v;
  }

  /**
   * Schedules one chunk of audio bytes in `format` ({encoding, rate}). While the browser keeps audio
   * off (no click on the page yet) chunks are skipped, not queued: a late click must not replay the past.
   */
  play(bytes, format) {
    const ctx = this.ensure();
    const samples = decode(bytes, format);
    if (samples.length === 0) return;
    this.hold(samples);
    if (ctx.state !== 'running') {
      this.stats.skipped++;
      return;
    }
    const buffer = ctx.createBuffer(1, samples.length, format.rate);
    buffer.copyToChannel(samples, 0);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    const start = Math.max(this.nextTime, ctx.currentTime + LEAD_SECONDS);
    source.start(start);
    this.nextTime = start + buffer.duration;
    this.sources.add(source);
    source.onended = () => this.sources.delete(source);
    this.stats.chunks++;
    this.stats.samples += samples.length;
    this.stats.scheduledMs += buffer.duration * 1000;
  }

  /** Stops what is playing and queued (barge-in, a cancelled response, another session selected). */
  clear() {
    for (const s of this.sources) {
      try { s.stop(); } catch (e) { /* already stopped */ }
    }
    this.sources.clear();
    this.nextTime = 0;
    this.stats.cleared++;
  }

  /** Keeps the newest samples received, which the waveform shows once nothing plays (it does not go flat at the end). */
  hold(samples) {
    const n = this.held.length;
    if (samples.length >= n) {
      this.held.set(samples.subarray(samples.length - n));
    } else {
      this.held.copyWithin(0, samples.length);
      this.held.set(samples, n - samples.length);
    }
    this.hasHeld = true;
  }

  /** Another session is shown: its waveform starts empty. */
  forget() {
    this.held.fill(0);
    this.hasHeld = false;
  }

  /** Seconds of audio still queued. */
  pending() {
    return this.ctx ? Math.max(0, this.nextTime - this.ctx.currentTime) : 0;
  }

  measure() {
    this.analyser.getFloatTimeDomainData(this.samples);
    const p = peak(this.samples);
    this.stats.lastPeak = p;
    if (p > this.stats.outputPeak) this.stats.outputPeak = p;
  }

  draw() {
    const c = this.canvas;
    const g = c.getContext('2d');
    const w = (c.width = c.clientWidth * devicePixelRatio);
    const h = (c.height = c.clientHeight * devicePixelRatio);
    g.clearRect(0, 0, w, h);
    g.strokeStyle = getComputedStyle(c).color;
    g.lineWidth = 2 * devicePixelRatio;
    g.beginPath();
    const live = this.ctx.state === 'running' && this.stats.lastPeak > 0.001;
    const data = live || !this.hasHeld ? this.samples : this.held;
    g.globalAlpha = live ? 1 : 0.6;
    for (let i = 0; i < data.length; i++) {
      const x = (i / (data.length - 1)) * w;
      const y = h / 2 - data[i] * (h / 2) * 0.95;
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    }
    g.stroke();
    requestAnimationFrame(() => this.draw());
  }
}
