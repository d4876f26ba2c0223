// Shared by the scripted SDK sessions: speech-like audio for the server VAD, waiting with deadlines, the result line.

/** PCM16 24 kHz mono of `ms` milliseconds: syllable-like tone bursts (loud enough for server VAD), or silence. */
export function pcm(ms, speech) {
  const samples = Math.round((ms * 24000) / 1000);
  const out = Buffer.alloc(samples * 2);
  if (speech) {
    for (let i = 0; i < samples; i++) {
      const pos = i % 4320; // 180 ms syllables, 140 ms voiced
      const v = pos < 3360 ? Math.sin((Math.PI * pos) / 3360) * Math.sin((2 * Math.PI * 180 * i) / 24000) : 0;
      out.writeInt16LE(Math.round(v * 12000), 2 * i);
    }
  }
  return out;
}

/** Resolves once `predicate()` is true, polling every 5 ms; rejects after `ms` with `what` in the message. */
export function until(predicate, what, ms = 15000) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      let value;
      try {
        value = predicate();
      } catch (e) {
        reject(e);
        return;
      }
      if (value) {
        resolve(value);
      } else if (Date.now() > deadline) {
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      } else {
        setTimeout(tick, 5);
      }
    };
    tick();
  });
}

/** Appends `ms` of audio in 20 ms chunks, one chunk per `send` call, paced in real time. */
export async function stream(send, ms, speech) {
  for (let t = 0; t < ms; t += 20) {
    send(pcm(20, speech));
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Prints the one-line JSON result the JUnit test reads, and exits 0 when every check passed. */
export function finish(result) {
  result.ok = result.failures.length === 0;
  process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
  process.exit(result.ok ? 0 : 1);
}

export function check(result, ok, message) {
  if (!ok) {
    result.failures.push(message);
  }
}
