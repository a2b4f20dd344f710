// The client against a live `tuneforge serve all` (the repository's .venv), started
// once for the whole file: every service once, errors decoded, tokens enforced.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { paramsOf, Status, toDate, toStruct, TuneforgeClient, TuneforgeError, type CsrMatrix, type JobEvent__Output, type JobSpec } from '../src';
import { startServer, type LiveServer } from './server';

let server: LiveServer;
let tf: TuneforgeClient;

before(async () => {
  server = await startServer();
  // A long deadline: the first solves JIT-compile their kernels (seconds on a cold cache).
  tf = new TuneforgeClient(server.target, { token: server.token, timeout: 120 });
  await tf.waitReady(60);
});

after(async () => {
  tf?.close();
  await server?.stop();
});

/** A small job: logistic regression on digits, a report every 10 steps. */
function digits(steps = 40): JobSpec {
  return {
    name: 'digits',
    model: { logisticRegression: {} },
    dataset: { digits: {} },
    optimizer: { name: 'adabelief', hyperparameters: toStruct({ lr: 0.01 }) },
    budget: { steps },
    evaluation: { intervalSteps: 20, metric: 'accuracy' },
    reportIntervalSteps: 10,
    seed: 5,
    device: 'cpu',
  };
}

/** The 1-D Poisson matrix tridiag(-1, 2, -1) of size n, in CSR. */
function poisson(n: number): CsrMatrix {
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of [i - 1, i, i + 1]) {
      if (j < 0 || j >= n) continue;
      indices.push(j);
      data.push(j === i ? 2 : -1);
    }
    indptr.push(indices.length);
  }
  return { rows: n, cols: n, indptr, indices, data };
}

async function rejection(promise: Promise<unknown>): Promise<TuneforgeError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof TuneforgeError, `not a TuneforgeError: ${String(err)}`);
    return err;
  }
  assert.fail('the call succeeded');
}

test('a training job, watched to completion with watchJob', async () => {
  const job = await tf.submitJob({ spec: digits(40) });
  assert.equal(job.state, 'JOB_STATE_QUEUED');
  assert.equal(job.spec?.budget?.steps, '40'); // int64 fields arrive as strings

  // A few events live, leave the loop (the call ends), then resume from the next one.
  const head: JobEvent__Output[] = [];
  for await (const event of tf.watchJob(job.id)) {
    head.push(event);
    if (head.length === 2) break;
  }
  const tail: JobEvent__Output[] = [];
  for await (const event of tf.watchJob(job.id, { fromSequence: (BigInt(head[1]!.sequence) + 1n).toString(), timeout: 120 })) {
    tail.push(event);
  }
  const events = [...head, ...tail];
  assert.deepEqual(
    events.map((e) => Number(e.sequence)),
    events.map((_, i) => i + 1),
  );
  const states = events.filter((e) => e.kind === 'stateChange').map((e) => e.stateChange?.state);
  assert.deepEqual(states, ['JOB_STATE_QUEUED', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);
  const training = events.flatMap((e) => (e.progress && !e.progress.evaluation ? [e.progress] : []));
  assert.deepEqual(
    training.map((p) => p.step),
    ['10', '20', '30', '40'],
  );
  const done = await tf.waitJob(job.id);
  assert.equal(done.state, 'JOB_STATE_SUCCEEDED');
  assert.equal(done.finalMetrics['steps'], 40);
  assert.ok(done.finalMetrics['eval_accuracy']! >= 0 && done.finalMetrics['eval_accuracy']! <= 1);
  assert.equal(done.lastSequence, events.at(-1)?.sequence);
  const lines: string[] = [];
  for await (const line of tf.jobLogs({ jobId: job.id })) lines.push(line);
  assert.ok(Array.isArray(lines));
  assert.deepEqual(
    (await tf.jobMetrics({ jobId: job.id })).filter((p) => !p.evaluation).map((p) => p.step),
    ['10', '20', '30', '40'],
  );
});

test('a study: create, ask, tell, best', async () => {
  const study = await tf.createStudy({
    name: 'node-quadratic',
    objectives: [{ direction: 'DIRECTION_MINIMIZE' }],
    searchSpace: [
      { name: 'x', floatRange: { low: -3, high: 3 } },
      { name: 'n', intRange: { low: 1, high: 4 } },
    ],
    sampler: { random: {}, seed: 7 },
  });
  assert.equal(study.name, 'node-quadratic');
  const trials = await tf.ask({ study: study.name, count: 3, clientId: 'node' });
  assert.equal(trials.length, 3);
  const losses: number[] = [];
  for (const trial of trials) {
    const { x, n } = paramsOf(trial) as { x: number; n: number };
    assert.equal(typeof x, 'number');
    assert.ok(Number.isInteger(n) && n >= 1 && n <= 4);
    const loss = (x - 1) ** 2 + n;
    losses.push(loss);
    const told = await tf.tell({ study: study.name, trial: trial.number, values: [loss] });
    assert.equal(told.state, 'TRIAL_STATE_COMPLETE');
  }
  const [best] = await tf.getBestTrials({ study: study.name });
  assert.equal(best?.values[0], Math.min(...losses));
  assert.equal((await tf.getStudy({ study: study.name })).trialCounts?.complete, '3');
});

test('a relaxation sequence: suggest/report, Solve on a CSR matrix, best omega', async () => {
  const sequence = await tf.createSequence({ name: 'node-poisson', seed: 3 });
  assert.equal(sequence.solver, 'SOLVER_SOR'); // the server's default, by its full name
  const suggestion = await tf.suggestOmega({ sequence: sequence.id });
  assert.ok(suggestion.omega >= 1 && suggestion.omega <= 1.95);
  const reported = await tf.reportOutcome({ sequence: sequence.id, suggestionId: suggestion.suggestionId, iterations: 120 });
  assert.equal(reported.instances, '1');

  const n = 30;
  const solved = await tf.solve({ sequence: 'node-poisson', matrix: poisson(n), rhs: Array<number>(n).fill(1) });
  assert.ok(solved.converged);
  assert.equal(solved.x.length, n);
  // x solves tridiag(-1, 2, -1) x = 1: x_i = (i + 1)(n - i) / 2.
  solved.x.forEach((xi, i) => assert.ok(Math.abs(xi - ((i + 1) * (n - i)) / 2) < 1e-4, `x[${i}] = ${xi}`));
  const best = await tf.getBestOmega({ sequence: sequence.id });
  assert.equal(best.instancesSeen, '2');
  assert.ok(best.omega >= 1 && best.omega <= 1.95);
});

test('a transport solve', async () => {
  const result = await tf.solveTransport({
    a: [0.5, 0.5],
    b: [0.25, 0.75],
    epsilon: 0.05,
    cost: { rows: 2, cols: 2, values: [0, 1, 1, 0] },
    options: { method: 'TRANSPORT_METHOD_SINKHORN', plan: 'PLAN_FORMAT_DENSE' },
  });
  assert.equal(result.method, 'TRANSPORT_METHOD_SINKHORN');
  assert.ok(result.converged);
  assert.ok(Math.abs(result.cost - 0.25) < 1e-2, `cost ${result.cost}`); // move 0.25 of mass at cost 1
  const plan = result.plan?.values ?? [];
  assert.ok(Math.abs(plan.reduce((s, v) => s + v, 0) - 1) < 1e-6);
});

test('the scaling rules, with enums by their full names', async () => {
  const res = await tf.scaleLearningRate({
    baseLearningRate: 0.1,
    baseBatchSize: 32,
    targetBatchSizes: [64, 128],
    optimizerFamily: 'OPTIMIZER_FAMILY_SGD',
  });
  assert.equal(res.rule, 'SCALING_RULE_LINEAR');
  assert.deepEqual(
    res.results.map((r) => [r.batchSize, r.learningRate]),
    [
      ['64', 0.2],
      ['128', 0.4],
    ],
  );
});

test('a tracked run: params, metrics, tags', async () => {
  const experiment = await tf.createExperiment({ name: 'node-client' });
  const run = await tf.createRun({ experiment: experiment.id, runName: 'first' });
  assert.equal(run.status, 'RUN_STATUS_RUNNING');
  await tf.logParams({ runId: run.id, params: { lr: '0.01' } });
  await tf.logMetrics({ runId: run.id, metrics: [{ key: 'loss', value: 0.5, step: 1 }] });
  await tf.setTags({ runId: run.id, tags: { client: 'node' } });
  const ended = await tf.endRun({ runId: run.id, status: 'RUN_STATUS_FINISHED' });
  assert.equal(ended.status, 'RUN_STATUS_FINISHED');
  const got = await tf.getRun({ runId: run.id });
  assert.equal(got.params['lr'], '0.01');
  assert.equal(got.tags['client'], 'node');
  assert.deepEqual(
    got.metrics.map((m) => [m.key, m.value, m.step]),
    [['loss', 0.5, '1']],
  );
  assert.ok(toDate(got.startTime!).getTime() > Date.UTC(2020, 0));
});

test('bad input: INVALID_ARGUMENT with field violations and a request id', async () => {
  const spec = digits(0);
  spec.optimizer = { name: 'adabelief', hyperparameters: toStruct({ lr: -1 }) };
  const err = await rejection(tf.submitJob({ spec }));
  assert.equal(err.code, Status.INVALID_ARGUMENT);
  assert.equal(err.codeName, 'INVALID_ARGUMENT');
  const fields = err.fieldViolations.map((v) => v.field);
  assert.ok(fields.includes('spec.budget.steps'), fields.join(', '));
  assert.ok(fields.includes('spec.optimizer.hyperparameters.lr'), fields.join(', '));
  assert.ok(err.violation('spec.budget.steps')?.description);
  assert.match(err.requestId, /^[0-9a-f]{32}$/);
  assert.match(String(err), /^TuneforgeError: INVALID_ARGUMENT: .*\[spec\./);

  const missing = await rejection(tf.getStudy({ study: 'no-such-study' }));
  assert.equal(missing.code, Status.NOT_FOUND);
});

test('a missing or wrong token is UNAUTHENTICATED; health stays open', async () => {
  for (const token of [undefined, 'wrong-token-0123456789abcdef']) {
    const anonymous = new TuneforgeClient(server.target, { token, timeout: 10 });
    try {
      assert.equal(await anonymous.health('readiness'), 'SERVING');
      const err = await rejection(anonymous.listStudies());
      assert.equal(err.code, Status.UNAUTHENTICATED);
      assert.match(err.message, /token/);
      assert.doesNotMatch(err.message, /0123456789/); // tokens are never echoed
    } finally {
      anonymous.close();
    }
  }
});
