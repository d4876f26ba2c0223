// Audio conversions for the debug UI: base64 <-> bytes, PCM16 <-> Float32, G.711 decoding,
// and a streaming downsampler from the microphone's rate to the 24 kHz the realtime API takes.

export const RATE = 24000;

export function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes) {
  let bin = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + step));
  }
  return btoa(bin);
}

/** Little-endian PCM16 bytes to samples in [-1, 1). */
export function pcm16ToFloat(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}

/** Samples in [-1, 1] to little-endian PCM16 bytes (clipped). */
export function floatToPcm16(samples) {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(i * 2, s < 0 ? Math.round(s * 32768) : Math.round(s * 32767), true);
  }
  return out;
}

function ulaw(code) {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return (u & 0x80 ? 0x84 - t : t - 0x84) / 32768;
}

function alaw(code) {
  const a = code ^ 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
  return (a & 0x80 ? t : -t) / 32768;
}

/** Decodes audio bytes of a session format ({encoding, rate}) to samples. */
export function decode(bytes, format) {
  if (format.encoding === 'pcmu' || format.encoding === 'pcma') {
    const f = format.encoding === 'pcmu' ? ulaw : alaw;
    const out = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = f(bytes[i]);
    return out;
  }
  return pcm16ToFloat(bytes);
}

/** The audio format of a session object (GA audio.output.format, or beta output_audio_format). */
export function outputFormat(session) {
  const ga = session?.audio?.output?.format;
  const name = ga?.type ?? session?.output_audio_format ?? 'audio/pcm';
  if (name === 'audio/pcmu' || name === 'g711_ulaw') return { encoding: 'pcmu', rate: 8000 };
  if (name === 'audio/pcma' || name === 'g711_alaw') return { encoding: 'pcma', rate: 8000 };
  return { encoding: 'pcm16', rate: ga?.rate ?? RATE };
}

/**
 * Streaming downsampler: a windowed-sinc low-pass below the target's Nyquist frequency, then
 * linear interpolation. Good enough for speech; process() may be fed blocks of any length.
 */
export class Downsampler {
  constructor(from, to = RATE) {
    this.step = from / to;
    this.passthrough = from === to;
    const n = 31;
    const cutoff = 0.45 / this.step;
    this.taps = new Float32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = i - (n - 1) / 2;
      const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      const window = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1));
      this.taps[i] = sinc * window;
      sum += this.taps[i];
    }
    for (let i = 0; i < n; i++) this.taps[i] /= sum;
    this.history = new Float32Array(n - 1);
    this.previous = 0;     // the last filtered sample of the previous block
    this.position = 1;     // next output position, in filtered samples, 0 being `previous`
  }

  process(input) {
    if (this.passthrough) return Float32Array.from(input);
    const n = this.taps.length;
    const joined = new Float32Array(this.history.length + input.length);
    joined.set(this.history);
    joined.set(input, this.history.length);
    const filtered = new Float32Array(input.length + 1);
    filtered[0] = this.previous;
    for (let i = 0; i < input.length; i++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += this.taps[k] * joined[i + k];
      filtered[i + 1] = acc;
    }
    this.history = joined.slice(joined.length - (n - 1));
    const out = [];
    while (this.position <= filtered.length - 1) {
      const i = Math.floor(this.position);
      const f = this.position - i;
      out.push(i + 1 < filtered.length ? filtered[i] * (1 - f) + filtered[i + 1] * f : filtered[i]);
      this.position += this.step;
    }
    this.position -= filtered.length - 1;
    this.previous = filtered[filtered.length - 1];
    return Float32Array.from(out);
  }
}

/** Peak absolute value of samples. */
export function peak(samples) {
  let p = 0;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]);
    if (a > p) p = a;
  }
  return p;
}
