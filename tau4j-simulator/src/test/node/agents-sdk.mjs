// A scripted session of the OpenAI Agents SDK's RealtimeSession (WebSocket transport) against the simulator at
// 127.0.0.1:<port>: text turn, tool loop run by the SDK, server-VAD barge-in, interrupt() while the answer streams.
// Prints "RESULT {json}"; exit 0 when all checks pass.
import { OpenAIRealtimeWebSocket, RealtimeAgent, RealtimeSession, tool } from '@openai/agents-realtime';
import { check, finish, stream, until } from './common.mjs';

const port = Number(process.argv[2]);
const url = `ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`;
const result = { client: '@openai/agents-realtime', failures: [], errors: [], steps: [], toolCalls: 0 };

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
  execute: async ({ city }) => {
    result.toolCalls++;
    return `light rain in ${city}, 18 degrees`;
  },
});
const agent = new RealtimeAgent({ name: 'Assistant', instructions: 'Be brief.', tools: [getWeather] });
const session = new RealtimeSession(agent, {
  transport: new OpenAIRealtimeWebSocket({ url }),
  model: 'gpt-realtime',
  config: { audio: { input: { turnDetection: { type: 'server_vad', silenceDurationMs: 200 } } } },
});
const events = [];
session.on('transport_event', (e) => {
  events.push(e);
  if (e.type === 'error') {
    result.errors.push(e.error ?? e);
  }
});
session.on('error', (e) => result.errors.push(String(e?.error?.message ?? e?.error ?? e)));
const since = (n, type) => events.slice(n).filter((e) => e.type === type);
const done = (n, k = 1) => since(n, 'response.done')[k - 1];

try {
  await session.connect({ apiKey: 'sk-sim', url });
  await until(() => events.some((e) => e.type === 'session.updated'), 'the SDK session.update to be applied');

  // 1. Text turn.
  let n = events.length;
  session.sendMessage('Say hello');
  await until(() => done(n), 'the text turn');
  check(result, done(n).response.status === 'completed', 'text turn completed');
  result.steps.push('text');

  // 2. Tool loop: the SDK runs get_weather and asks for the follow-up itself.
  n = events.length;
  session.sendMessage('What is the weather in Paris?');
  await until(() => done(n, 2), 'the call and the follow-up answer');
  const call = done(n).response.output.find((o) => o.type === 'function_call');
  check(result, call && call.name === 'get_weather' && JSON.parse(call.arguments).city === 'Paris', 'get_weather called for Paris');
  check(result, JSON.stringify(done(n, 2).response.output).includes('light rain in Paris'), 'the follow-up uses the tool output');
  result.steps.push('tool');

  // 3. Server-VAD barge-in: the user speaks while the answer streams; the SDK truncates on speech_started.
  n = events.length;
  session.sendMessage('Please tell me a long story about the sea, the ships that sail on it, and the people who wait for them at home.');
  await until(() => since(n, 'response.output_audio.delta').length, 'the first audio delta');
  const speaking = stream((b) => session.sendAudio(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)), 600, true);
  await until(() => since(n, 'input_audio_buffer.speech_started').length, 'speech_started');
  await until(() => done(n), 'the interrupted response.done');
  check(result, done(n).response.status === 'cancelled' && done(n).response.status_details.reason === 'turn_detected', 'barge-in cancels with turn_detected');
  await speaking;
  const m = events.length;
  await stream((b) => session.sendAudio(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)), 400, false);
  await until(() => done(m), 'the response to the spoken turn');
  result.steps.push('barge-in');

  // 4. interrupt() while the answer streams: response.cancel and conversation.item.truncate in the same tick.
  n = events.length;
  session.sendMessage('Now tell me another long story, this time about the mountains and the snow that covers them in winter.');
  await until(() => since(n, 'response.output_audio.delta').length, 'audio to interrupt');
  session.interrupt();
  await until(() => done(n), 'the interrupted response.done');
  check(result, done(n).response.status === 'cancelled' && done(n).response.status_details.reason === 'client_cancelled', 'interrupt cancels');
  await until(() => since(n, 'conversation.item.truncated').length, 'conversation.item.truncated');
  result.steps.push('interrupt');
  // Give a late error (there must be none) a moment to arrive before closing: one more round trip.
  const k = events.length;
  session.sendMessage('Thanks');
  await until(() => done(k), 'a last turn');
} catch (e) {
  result.failures.push(String(e?.stack ?? e));
}
check(result, result.errors.length === 0, 'no error events');
session.close();
finish(result);
