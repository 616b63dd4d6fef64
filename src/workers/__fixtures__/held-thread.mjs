// An engine thread that runs nothing: each task says "started <task>" on the `held-thread` channel,
// then answers with its task's name when the test says "release" there (a thread runs one task at a
// time, so one listener per thread). Lets a test see which tasks a pool runs at a moment, untimed.
import { BroadcastChannel } from "node:worker_threads";

const channel = new BroadcastChannel("held-thread");
channel.unref();

export default function held({ task }) {
  return new Promise((resolve) => {
    channel.onmessage = (event) => {
      if (event.data === "release") resolve({ output: task });
    };
    channel.postMessage(`started ${task}`);
  });
}
