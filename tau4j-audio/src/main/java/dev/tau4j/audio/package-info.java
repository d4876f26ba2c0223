/** Audio toolkit: formats, PCM16 operations, WAV files, G.711, resampling, speaker and microphone. */
package dev.tau4j.audio;
