// Runs a state machine definition, unchanged, in aws-local-stepfunctions (an Amazon States Language
// interpreter written by others), after validating it with asl-validator. Every Task state named
// CheckStatus, in the machine or in a Map's item processor, invokes the real veo-status function through
// the Lambda mock event server of the running @QuarkusTest. A function error is raised as Step Functions
// raises it: the function's errorType is the error name, and Lambda's error document (the body the
// function answered, {"errorType", "errorMessage"}) is the cause.
//
// A Map state's item processor runs for each item inside this process, with ItemsPath, ItemSelector and
// MaxConcurrency(Path) applied; the interpreter ignores ProcessorConfig, so a Distributed Map's children
// are nested runs here, not separate Standard executions, and ToleratedFailure* has no effect (every
// child failure would fail the Map).
//
// The KeepVideo and NoteFallback Task states invoke their functions the same way. The mock event server
// serves one handler, so when an execution names "handlers" ({"CheckStatus": "veo-status", "KeepVideo":
// "veo-keep", "AwaitCallback": "veo-callback", "NoteFallback": "veo-callback"}), each Task's event is sent as
// {"handler": <name>, "event": <payload>} to the tests' router handler, which hands it to the handler of that
// name. "substitutions" ({"KeepVideosOfTasks": "*"}) are put in place of ${...} in the definition as
// CloudFormation's DefinitionSubstitutions do; without them the file runs as it is. "lambdaUrl" sends one
// execution's invocations elsewhere (a packaged function's invoke endpoint) than VEO_STATUS_LAMBDA_URL.
//
// A top-level Task whose Resource ends with .waitForTaskToken (AwaitCallback) waits as on AWS, which the
// interpreter does not do by itself: each execution gets a fresh random task token ($$.Task.Token), the
// function is invoked as above (its error fails the state), and the state then waits until the token is
// completed through the Step Functions recorder of the test ("statesUrl", long-polled at /completion): its
// result is the SendTaskSuccess output itself, and a SendTaskFailure fails it with that error and cause.
// When the state fails (its timeout, States.Timeout) or the execution ends, the waiting stops and the
// recorder is told the token expired. "awaitTimeoutSeconds" puts TimeoutSeconds in place of the waiting
// state's TimeoutSecondsPath, which the interpreter would read from the state's Parameters (AWS reads it from
// the state's input); a machine with TimeoutSecondsPath needs it.
//
// Usage: node -r ./polyfill.cjs run-execution.mjs, with VEO_STATUS_LAMBDA_URL (the mock event server) set
// unless every execution gives its "lambdaUrl". It reads one execution per line of its input,
// {"definition": "<file>", "input": "<input as JSON text>", "waitMs": <each WaitBeforeNextPoll and
// WaitFor1080p, instead of the advised seconds>, optionally "substitutions", "handlers", "lambdaUrl",
// "statesUrl", "awaitTimeoutSeconds" and "history": true}, and answers each with one line:
// {"outcome": "SUCCEEDED"|"FAILED"|"INVALID", "output" | "error" and "cause", "outputBytes" (UTF-8 bytes of
// the output, as Step Functions measures payloads), "invocations" (in the order made: {"taskId", "state",
// "answer": the status, or KEPT / AWAITING_1080P from the keeping function, FALLBACK from the fallback
// note, or the errorType; and "waiting" when the function answered it}), "mostInvocationsAtOnce", and with
// "history" the execution's events ({"type", "state", "ms" since the start, "error" of a failure, "index"
// of a Map iteration})}. One process serves a whole test class, so that Node.js starts once.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { StateMachine } from 'aws-local-stepfunctions';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

const defaultLambdaUrl = process.env.VEO_STATUS_LAMBDA_URL;
const validate = aslValidator.default ?? aslValidator;
// The Task states that invoke a function (lambda:invoke), by name, in the machine or in a Map's item processor.
const FUNCTION_TASKS = ['CheckStatus', 'KeepVideo', 'NoteFallback'];
const WAIT_FOR_TOKEN = '.waitForTaskToken';

let invocations = [];
let invocationsNow = 0;
let mostInvocationsAtOnce = 0;
function invoker(state, handler, lambdaUrl) {
  return (parameters) => invokeFunction(state, handler, parameters, lambdaUrl);
}

async function invokeFunction(state, handler, parameters, lambdaUrl) {
  invocationsNow++;
  mostInvocationsAtOnce = Math.max(mostInvocationsAtOnce, invocationsNow);
  try {
    const event = handler ? { handler, event: parameters.Payload } : parameters.Payload;
    const response = await fetch(lambdaUrl, { method: 'POST', body: JSON.stringify(event) });
    const text = await response.text();
    const body = JSON.parse(text);
    const taskId = parameters.Payload?.taskId ?? null;
    if (response.status !== 200) {
      invocations.push({ taskId, state, answer: body.errorType });
      const error = new Error(text);
      error.name = body.errorType;
      throw error;
    }
    const kept = body.done === true ? 'KEPT' : 'AWAITING_1080P';
    const answer = body.status ?? (body.hd ? kept : body.fallback === true ? 'FALLBACK' : null);
    const invocation = { taskId, state, answer };
    if (typeof body.waiting === 'boolean') {
      invocation.waiting = body.waiting;
    }
    invocations.push(invocation);
    // The shape of arn:aws:states:::lambda:invoke's result, which OutputPath "$.Payload" unwraps.
    return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: body };
  } finally {
    invocationsNow--;
  }
}

// A .waitForTaskToken Task: the function is invoked as any other's (its error fails the state), then the state waits
// until the token is completed through the Step Functions recorder, or until it stops waiting (stopped).
function awaiter(state, handler, lambdaUrl, statesUrl, token, stopped) {
  return async (parameters) => {
    if (!statesUrl) {
      throw new Error(`${state} waits for a task token, so the execution needs a "statesUrl"`);
    }
    await invokeFunction(state, handler, parameters, lambdaUrl);
    return awaitCompletion(statesUrl, token, stopped);
  };
}

// Long-polls the recorder: its answer is the SendTaskSuccess output itself (the state's result, not {Payload}), or
// the SendTaskFailure's error and cause, raised as Step Functions raises them.
async function awaitCompletion(statesUrl, token, stopped) {
  const url = `${statesUrl}/completion?token=${encodeURIComponent(token)}`;
  try {
    while (!stopped.aborted) {
      const response = await fetch(url, { signal: stopped });
      const text = await response.text();
      if (response.status === 204) {
        continue;
      }
      if (response.status === 410) {
        // Expired: nothing completes it any more; the state ends by its timeout, or has ended.
        await stoppedWaiting(stopped);
        break;
      }
      if (response.status !== 200) {
        throw new Error(`the Step Functions recorder answered ${response.status}: ${text}`);
      }
      const completion = JSON.parse(text);
      if (completion.kind === 'success') {
        return JSON.parse(completion.output);
      }
      const failure = new Error(completion.cause ?? '');
      failure.name = completion.error ?? '';
      throw failure;
    }
  } catch (error) {
    if (!stopped.aborted) {
      throw error;
    }
  }
  // The state no longer waits (it timed out, or the execution ended): nothing reads this result.
  return null;
}

function stoppedWaiting(stopped) {
  if (stopped.aborted) {
    return Promise.resolve();
  }
  return new Promise((resolve) => stopped.addEventListener('abort', resolve, { once: true }));
}

// Tells the recorder the token's state stopped waiting, as Step Functions closes a token whose state timed out: a
// later SendTaskSuccess for it is answered TaskTimedOut.
async function expire(statesUrl, token) {
  try {
    const response = await fetch(`${statesUrl}/expire?token=${encodeURIComponent(token)}`, { method: 'POST' });
    await response.text();
  } catch (error) {
    console.error(`the Step Functions recorder could not be told that the token expired: ${error}`);
  }
}

// The top-level .waitForTaskToken Task states of a definition, by name.
function awaitingStates(definition) {
  return Object.entries(definition.States)
    .filter(([, state]) => state.Type === 'Task' && String(state.Resource).endsWith(WAIT_FOR_TOKEN))
    .map(([name]) => name);
}

// Validating a definition takes about a second; each file is read and validated once per set of substitutions
// and await timeout.
const stateMachines = new Map();
function stateMachine(definitionPath, substitutions, awaitTimeoutSeconds) {
  const key = definitionPath + JSON.stringify(substitutions ?? {}) + (awaitTimeoutSeconds ?? '');
  if (!stateMachines.has(key)) {
    let text = readFileSync(definitionPath, 'utf8');
    for (const [name, value] of Object.entries(substitutions ?? {})) {
      text = text.replaceAll('${' + name + '}', value);
    }
    const definition = JSON.parse(text);
    const { isValid, errorsText } = validate(definition);
    if (!isValid) {
      stateMachines.set(key, errorsText('; '));
    } else {
      const awaiting = awaitingStates(definition);
      if (awaitTimeoutSeconds !== undefined) {
        // The interpreter evaluates TimeoutSecondsPath against the state's Parameters, AWS against its input: the
        // test's timeout takes its place, validated as it is.
        for (const name of awaiting) {
          delete definition.States[name].TimeoutSecondsPath;
          definition.States[name].TimeoutSeconds = awaitTimeoutSeconds;
        }
      }
      stateMachines.set(key, { machine: new StateMachine(definition), awaiting });
    }
  }
  return stateMachines.get(key);
}

// Reads the execution's events as they come: the history, and the moment a waiting state fails (times out, or its
// function failed), when it stops waiting.
async function watch(eventLogs, awaiting, stopWaiting) {
  const events = [];
  for await (const event of eventLogs) {
    events.push(event);
    if (event.type === 'StateFailed' && event.index === undefined && awaiting.includes(event.state?.name)) {
      stopWaiting();
    }
  }
  return events;
}

function historyOf(events) {
  const start = events[0]?.timestamp ?? 0;
  return events.map((event) => {
    const state = event.state?.name ?? event.parentState?.name ?? null;
    const entry = { type: event.type, state, ms: event.timestamp - start };
    if (event.index !== undefined) {
      entry.index = event.index;
    }
    if (event.Error !== undefined) {
      entry.error = event.Error;
    }
    return entry;
  });
}

async function execute({ definition: definitionPath, input, waitMs, substitutions, handlers, lambdaUrl, statesUrl,
  awaitTimeoutSeconds, history }) {
  const loaded = stateMachine(definitionPath, substitutions, awaitTimeoutSeconds);
  if (typeof loaded === 'string') {
    return { outcome: 'INVALID', errors: loaded };
  }
  const { machine, awaiting } = loaded;
  const url = lambdaUrl ?? defaultLambdaUrl;
  invocations = [];
  mostInvocationsAtOnce = 0;
  // One token per execution, as long as Step Functions' (hundreds of characters, with + / =).
  const token = awaiting.length > 0 ? randomBytes(512).toString('base64') : null;
  const waiting = new AbortController();
  let expired = null;
  const stopWaiting = () => {
    waiting.abort();
    expired ??= token !== null && statesUrl ? expire(statesUrl, token) : Promise.resolve();
    return expired;
  };
  const localHandlers = {};
  const retryIntervals = {};
  for (const state of FUNCTION_TASKS) {
    localHandlers[state] = invoker(state, handlers?.[state], url);
    retryIntervals[state] = 0;
  }
  for (const state of awaiting) {
    localHandlers[state] = awaiter(state, handlers?.[state], url, statesUrl, token, waiting.signal);
    retryIntervals[state] = 0;
  }
  const options = {
    overrides: {
      taskResourceLocalHandlers: localHandlers,
      waitTimeOverrides: { WaitBeforeNextPoll: waitMs ?? 0, WaitFor1080p: waitMs ?? 0 },
      retryIntervalOverrides: retryIntervals,
    },
  };
  if (token !== null) {
    options.context = { Task: { Token: token } };
  }
  const execution = machine.run(JSON.parse(input), options);
  const events = token !== null || history ? watch(execution.eventLogs, awaiting, stopWaiting) : null;
  let answer;
  try {
    const output = await execution.result;
    const outputBytes = Buffer.byteLength(JSON.stringify(output), 'utf8');
    answer = { outcome: 'SUCCEEDED', output, outputBytes, invocations, mostInvocationsAtOnce };
  } catch (failure) {
    const cause = failure.cause ?? failure;
    answer = { outcome: 'FAILED', error: cause.name, cause: cause.message, invocations, mostInvocationsAtOnce };
  }
  // No poll outlives its execution.
  await stopWaiting();
  if (history) {
    answer.history = historyOf(await events);
  }
  return answer;
}

// One execution at a time, in the order asked; the process ends when its input does.
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() !== '') {
    console.log(JSON.stringify(await execute(JSON.parse(line))));
  }
}
