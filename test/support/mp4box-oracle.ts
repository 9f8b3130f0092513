/**
 * mp4box.js (GPAC's MP4Box in JavaScript) as an independent reader of the ISO
 * BMFF boxes this project writes (the fixture CENC encrypter, the wvtt test
 * builders): a second parser, written by others to the same specs, so a
 * layout mistake shared by our writer and our reader still shows up.
 */
import { createFile, MP4BoxBuffer, type ISOFile, type Sample } from 'mp4box';

/** What mp4box made of a byte stream. */
export interface Mp4boxReading {
  file: ISOFile;
  /** Samples of every track, in decode order per track (only after an init segment with moov). */
  samples: Map<number, Sample[]>;
  /** What mp4box warned about or reported as an error while parsing (a malformed box reads here). */
  complaints: string[];
}

/** Parses `bytes` (an init segment, optionally followed by media segments) with mp4box. */
export function readWithMp4box(bytes: Uint8Array): Mp4boxReading {
  const complaints: string[] = [];
  const original = { warn: console.warn, error: console.error };
  // mp4box reports malformed boxes only through its logger (console.warn/error); collect instead of printing.
  console.warn = (...args: unknown[]) => void complaints.push(args.map(String).join(' '));
  console.error = console.warn;
  const samples = new Map<number, Sample[]>();
  const file = createFile();
  try {
    file.onReady = (info) => {
      for (const track of info.tracks) {
        samples.set(track.id, []);
        file.setExtractionOptions(track.id, null, { nbSamples: 1_000_000 });
      }
      file.start();
    };
    file.onSamples = (id, _user, batch) => void samples.get(id)?.push(...batch);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(buffer, 0));
    file.flush();
  } finally {
    console.warn = original.warn;
    console.error = original.error;
  }
  return { file, samples, complaints };
}
