// A scripted Gemini Live session of Google's own JS SDK (@google/genai) against the tau4j simulator's Gemini dialect:
// text turn, tool round trip, audio turn with server VAD and barge-in, then resumption on a new connection.
// Usage: node google-genai.mjs PORT [full|text]. Prints one RESULT line (see common.mjs).
import { GoogleGenAI, Modality } from '@google/genai';
import { check, finish, pcm, until } from './common.mjs';

const port = process.argv[2];
const mode = process.argv[3] ?? 'full';
const MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
const result = { steps: [], errors: [], failures: [], closes: [] };
const ai = new GoogleGenAI({ apiKey: 'AIza-sim', httpOptions: { baseUrl: `http://127.0.0.1:${port}` } });

/** 16 kHz PCM16 of `ms` milliseconds (the 24 kHz generator, every third sample of three dropped to two). */
function pcm16k(ms, speech) {
  const src = pcm(ms, speech);
  const n = Math.floor(src.length / 2 / 3) * 2;
  const out = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    out.writeInt16LE(src.readInt16LE(2 * Math.floor((i * 3) / 2)), 2 * i);
  }
  return out;
}

async function open(config) {
  const messages = [];
  const session = await ai.live.connect({
    model: MODEL,
    config,
    callbacks: {
      onmessage: (m) => messages.push(m),
      onerror: (e) => result.errors.push(String(e?.message ?? e)),
      onclose: (e) => result.closes.push(e.code),
    },
  });
  return { session, messages };
}

/** The messages from `from` up to and including the next turnComplete. */
async function turn(messages, from, what) {
  const end = await until(() => {
    for (let i = from; i < messages.length; i++) {
      if (messages[i].serverContent?.turnComplete) return i + 1;
    }
    return 0;
  }, what, 30000);
  return messages.slice(from, end);
}

const said = (msgs) => msgs.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
const audioBytes = (msgs) => msgs.flatMap((m) => m.serverContent?.modelTurn?.parts ?? [])
  .filter((p) => p.inlineData).reduce((n, p) => n + Buffer.from(p.inlineData.data, 'base64').length, 0);

const config = {
  responseModalities: [Modality.AUDIO],
  speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
  inputAudioTranscription: {},
  outputAudioTranscription: {},
  sessionResumption: {},
  tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather for a city',
    parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } }] }],
};

try {
  const { session, messages } = await open(config);
  let from = messages.length;
  session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'Hello there' }] }], turnComplete: true });
  let t = await turn(messages, from, 'the text turn');
  check(result, said(t) === 'You said: Hello there', 'text turn transcript: ' + said(t));
  check(result, audioBytes(t) > 0, 'text turn has inlineData audio');
  check(result, t.at(-1).usageMetadata?.totalTokenCount > 0, 'usageMetadata on turnComplete');
  result.steps.push('text');

  if (mode === 'full') {
    from = messages.length;
    session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'What is the weather in Paris?' }] }], turnComplete: true });
    const call = await until(() => messages.slice(from).find((m) => m.toolCall)?.toolCall.functionCalls[0], 'the toolCall');
    check(result, call.name === 'get_weather' && call.args.city === 'Paris', 'tool call ' + JSON.stringify(call));
    session.sendToolResponse({ functionResponses: [{ id: call.id, name: call.name, response: { output: { temp_c: 18 } } }] });
    t = await turn(messages, from, 'the tool turn');
    check(result, said(t).startsWith('Done: '), 'tool turn transcript: ' + said(t));
    result.steps.push('tool');

    from = messages.length;
    const audio = (buf) => session.sendRealtimeInput({ audio: { data: buf.toString('base64'), mimeType: 'audio/pcm;rate=16000' } });
    audio(pcm16k(1000, true));
    audio(pcm16k(700, false));
    await until(() => messages.slice(from).some((m) => m.serverContent?.modelTurn), 'the answer to speech');
    audio(pcm16k(500, true));
    t = await turn(messages, from, 'the interrupted turn');
    check(result, t.some((m) => m.serverContent?.inputTranscription), 'input transcription');
    check(result, t.some((m) => m.serverContent?.interrupted), 'interrupted on barge-in');
    from = messages.length;
    audio(pcm16k(700, false));
    await turn(messages, from, 'the answer after the barge-in');
    result.steps.push('barge-in');

    const handle = await until(() => messages.slice(from).map((m) => m.sessionResumptionUpdate)
      .filter((u) => u?.resumable && u.newHandle).at(-1)?.newHandle, 'a resumption handle');
    session.close();
    const resumed = await open({ ...config, sessionResumption: { handle } });
    resumed.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'Still there?' }] }], turnComplete: true });
    t = await turn(resumed.messages, 0, 'the resumed turn');
    check(result, said(t) === 'You said: Still there?', 'resumed turn transcript: ' + said(t));
    resumed.session.close();
    result.steps.push('resumed');

    try {
      await ai.live.connect({ model: 'gemini-1.0-pro', config: {}, callbacks: { onmessage: () => {} } });
      check(result, false, 'an unknown model is refused');
    } catch (e) {
      check(result, String(e.message).includes('1008') && String(e.message).includes('not found'), 'unknown model refusal: ' + e.message);
    }
    result.steps.push('refused');
  } else {
    session.close();
  }
} catch (e) {
  result.failures.push('script: ' + (e?.stack ?? e));
}
finish(result);
