// The microphone: getUserMedia -> AudioWorklet -> 24 kHz PCM16 -> base64 chunks of 100 ms,
// handed to onChunk while sending. Push-to-talk sends while held; open mic sends until closed.

import { Downsampler, RATE, bytesToBase64, floatToPcm16, peak } from './pcm.js';

const CHUNK_SAMPLES = RATE / 10;

export class Mic {
  constructor(onChunk, onEnd) {
    this.onChunk = onChunk;
    this.onEnd = onEnd;
    this.ctx = null;
    this.stream = null;
    this.sending = false;
    this.pending = [];
    this.pendingSamples = 0;
    this.processing = true;
    this.stats = { chunks: 0, bytes: 0, micPeak: 0, level: 0, rate: 0 };
  }

  /** Opens the microphone (asks for permission the first time). */
  async open() {
    if (this.ctx) return;
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        channelCount: 1,
        echoCancellation: this.processing,
        noiseSuppression: this.processing,
        autoGainControl: this.processing,
      },
    });
    this.ctx = new AudioContext({ latencyHint: 'interactive' });
    await this.ctx.audioWorklet.addModule('/ui/mic-worklet.js');
    const source = this.ctx.createMediaStreamSource(this.stream);
    const node = new AudioWorkletNode(this.ctx, 'tau-capture');
    this.downsampler = new Downsampler(this.ctx.sampleRate, RATE);
    this.stats.rate = this.ctx.sampleRate;
    node.port.onmessage = (e) => this.block(e.data);
    source.connect(node);
    if (this.ctx.state === 'suspended') await this.ctx.resume();
  }

  async close() {
    this.stop();
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    if (this.ctx) await this.ctx.close();
    this.ctx = null;
    this.stream = null;
  }

  isOpen() {
    return this.ctx !== null;
  }

  /** Starts sending to the selected session. */
  async start() {
    await this.open();
    this.sending = true;
  }

  /** Stops sending; what is buffered goes out first, then onEnd (push-to-talk released). */
  stop() {
    if (!this.sending) return;
    this.flush();
    this.sending = false;
    this.onEnd();
  }

  block(samples) {
    const level = peak(samples);
    this.stats.level = level;
    const out = this.downsampler.process(samples);
    if (!this.sending) return;
    if (level > this.stats.micPeak) this.stats.micPeak = level;
    this.pending.push(out);
    this.pendingSamples += out.length;
    if (this.pendingSamples >= CHUNK_SAMPLES) this.flush();
  }

  flush() {
    if (this.pendingSamples === 0) return;
    const all = new Float32Array(this.pendingSamples);
    let offset = 0;
    for (const p of this.pending) {
      all.set(p, offset);
      offset += p.length;
    }
    this.pending = [];
    this.pendingSamples = 0;
    const bytes = floatToPcm16(all);
    this.stats.chunks++;
    this.stats.bytes += bytes.length;
    this.onChunk(bytesToBase64(bytes));
  }
}
