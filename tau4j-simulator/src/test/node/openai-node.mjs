// A scripted session of openai-node's OpenAIRealtimeWS against the simulator at 127.0.0.1:<port>:
// text turn, tool loop, server-VAD barge-in with truncate, cancel. Prints "RESULT {json}"; exit 0 when all checks pass.
import net from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { check, finish, stream, until } from './common.mjs';

const port = Number(process.argv[2]);
const result = { client: 'openai-node', failures: [], errors: [], steps: [] };
// openai-node always builds a wss:// URL; the simulator speaks plain ws on loopback, so the socket is plain TCP.
const client = new OpenAI({ apiKey: 'sk-sim', baseURL: `http://127.0.0.1:${port}/v1` });
const rt = new OpenAIRealtimeWS(
  { model: 'gpt-realtime', options: { createConnection: () => net.connect(port, '127.0.0.1') } },
  client,
);
const events = [];
rt.on('event', (e) => events.push(e));
rt.on('error', (err) => result.errors.push(err?.error ?? String(err?.message ?? err)));
const since = (n, type) => events.slice(n).filter((e) => e.type === type);
const done = (n) => since(n, 'response.done')[0];

try {
  await until(() => rt.socket.readyState === 1, 'the socket to open');
  await until(() => events.some((e) => e.type === 'session.created'), 'session.created');
  let n = events.length;
  rt.send({
    type: 'session.update',
    session: {
      type: 'realtime',
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'get_weather', description: 'Current weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 200 } } },
    },
  });
  await until(() => since(n, 'session.updated').length, 'session.updated');

  // 1. Text turn.
  n = events.length;
  rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Say hello' }] } });
  rt.send({ type: 'response.create' });
  await until(() => done(n), 'the text turn');
  check(result, done(n).response.status === 'completed', 'text turn completed');
  result.steps.push('text');

  // 2. Tool loop.
  n = events.length;
  rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Paris?' }] } });
  rt.send({ type: 'response.create' });
  await until(() => done(n), 'the tool call');
  const call = done(n).response.output.find((o) => o.type === 'function_call');
  check(result, call && call.name === 'get_weather' && JSON.parse(call.arguments).city === 'Paris', 'get_weather called for Paris');
  n = events.length;
  rt.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":18}' } });
  rt.send({ type: 'response.create' });
  await until(() => done(n), 'the answer from the tool output');
  check(result, JSON.stringify(done(n).response.output).includes('temp_c'), 'the answer uses the tool output');
  result.steps.push('tool');

  // 3. Server-VAD barge-in while the answer streams, then truncate to what was "played".
  n = events.length;
  rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text',
    text: 'Please tell me a long story about the sea, the ships that sail on it, and the people who wait for them at home.' }] } });
  rt.send({ type: 'response.create' });
  await until(() => since(n, 'response.output_audio.delta').length, 'the first audio delta');
  const itemId = since(n, 'response.output_audio.delta')[0].item_id;
  const started = Date.now();
  const speaking = stream((b) => rt.send({ type: 'input_audio_buffer.append', audio: b.toString('base64') }), 600, true);
  await until(() => since(n, 'input_audio_buffer.speech_started').length, 'speech_started');
  await until(() => done(n), 'the interrupted response.done');
  check(result, done(n).response.status === 'cancelled' && done(n).response.status_details.reason === 'turn_detected', 'barge-in cancels with turn_detected');
  const heard = since(n, 'response.output_audio.delta').reduce((ms, d) => ms + Buffer.from(d.delta, 'base64').length / 48, 0);
  rt.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: Math.floor(Math.min(heard, Date.now() - started)) });
  await until(() => since(n, 'conversation.item.truncated').length, 'conversation.item.truncated');
  await speaking;
  const m = events.length;
  await stream((b) => rt.send({ type: 'input_audio_buffer.append', audio: b.toString('base64') }), 400, false);
  await until(() => done(m), 'the response to the spoken turn');
  result.steps.push('barge-in');

  // 4. Cancel.
  n = events.length;
  rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text',
    text: 'Now tell me another long story, this time about the mountains and the snow that covers them in winter.' }] } });
  rt.send({ type: 'response.create' });
  await until(() => since(n, 'response.output_audio.delta').length, 'audio to cancel');
  rt.send({ type: 'response.cancel' });
  await until(() => done(n), 'the cancelled response.done');
  check(result, done(n).response.status === 'cancelled' && done(n).response.status_details.reason === 'client_cancelled', 'cancel');
  result.steps.push('cancel');
} catch (e) {
  result.failures.push(String(e?.stack ?? e));
}
check(result, result.errors.length === 0, 'no error events');
rt.close();
finish(result);
