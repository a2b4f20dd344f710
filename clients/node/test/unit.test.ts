// The client against an in-process grpc-js server that serves every public RPC
// from the same protos: every RPC has a method, the shared retry policy is the
// channel's, metadata, TLS and mutual TLS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

import * as grpc from '@grpc/grpc-js';

import { DEFAULT_PROTO_DIR, readServiceConfig, serviceConfig, Status, TuneforgeClient, TuneforgeError } from '../src';
import { loadDefinition } from '../src/protos';
import { errorRoot } from '../src/wellknown';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface Seen {
  path: string;
  metadata: grpc.Metadata;
}

/** An error to answer with, null for `{}`, or 'hang' never to answer. */
type Handler = (seen: Seen) => grpc.ServiceError | null | 'hang';

/** Every method of every public service: answers `{}` (streams: end at once), or what `handlers` say. */
function fakeServices(seen: Seen[], handlers: Record<string, Handler> = {}): [grpc.ServiceDefinition, grpc.UntypedServiceImplementation][] {
  const definition = loadDefinition(DEFAULT_PROTO_DIR);
  const services: [grpc.ServiceDefinition, grpc.UntypedServiceImplementation][] = [];
  for (const value of Object.values(definition)) {
    if ('format' in value) continue; // a message or enum type
    const service = value as grpc.ServiceDefinition;
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(service)) {
      const answer = (metadata: grpc.Metadata): grpc.ServiceError | null | 'hang' => {
        const call = { path: method.path, metadata };
        seen.push(call);
        return handlers[method.path]?.(call) ?? null;
      };
      implementation[name] = method.responseStream
        ? (call: grpc.ServerWritableStream<unknown, unknown>) => {
            const err = answer(call.metadata);
            if (err === 'hang') return;
            if (err) call.destroy(err);
            else call.end();
          }
        : (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
            const err = answer(call.metadata);
            if (err !== 'hang') callback(err, err ? undefined : {});
          };
    }
    services.push([service, implementation]);
  }
  return services;
}

async function startFake(
  seen: Seen[],
  handlers?: Record<string, Handler>,
  credentials = grpc.ServerCredentials.createInsecure(),
): Promise<{ target: string; server: grpc.Server }> {
  const server = new grpc.Server();
  for (const [service, implementation] of fakeServices(seen, handlers)) server.addService(service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { target: `127.0.0.1:${port}`, server };
}

const servers: grpc.Server[] = [];
after(() => servers.forEach((s) => s.forceShutdown()));

test('every RPC of every public service has a client method', async () => {
  const seen: Seen[] = [];
  const fake = await startFake(seen);
  servers.push(fake.server);
  const tf = new TuneforgeClient(fake.target, { timeout: 5 });
  const helpers = new Set(['constructor', 'close', 'health', 'waitReady', 'waitJob', 'waitSweep']);
  const methods = Object.getOwnPropertyNames(TuneforgeClient.prototype).filter((m) => !helpers.has(m));
  const client = tf as unknown as Record<string, (arg: unknown) => unknown>;
  for (const name of methods) {
    const result = client[name]!(name === 'watchJob' ? 'job-1' : {});
    try {
      if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
        for await (const _ of result as AsyncIterable<unknown>) {
          // drain
        }
      } else {
        await result;
      }
    } catch (err) {
      // `{}` has no entity to unwrap: the call itself was made
      assert.ok(err instanceof TuneforgeError && err.code === Status.INTERNAL, `${name}: ${String(err)}`);
    }
  }
  tf.close();
  const expected = fakeServices([])
    .flatMap(([service]) => Object.values(service).map((m) => m.path))
    .sort();
  assert.deepEqual([...new Set(seen.map((s) => s.path))].sort(), expected);
  assert.ok(!expected.some((p) => p.includes('WorkerService')));
});

test('the service config is the shared file; overrides as the Python SDK', () => {
  const file = path.join(REPO_ROOT, 'clients/python/tuneforge_client/service_config.json');
  const shared = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  assert.deepEqual(readServiceConfig(), shared);
  assert.deepEqual(new TuneforgeClient('127.0.0.1:1').serviceConfig, shared);

  const tuned = serviceConfig(readServiceConfig(), { retries: 9, backoff: 0.25, maxBackoff: 1.5 });
  assert.deepEqual(tuned.methodConfig[0]?.retryPolicy, {
    maxAttempts: 5, // gRPC's limit
    initialBackoff: '0.25s',
    maxBackoff: '1.5s',
    backoffMultiplier: 2,
    retryableStatusCodes: ['UNAVAILABLE'],
  });
  assert.equal(serviceConfig(readServiceConfig(), { retries: 0 }).methodConfig[0]?.retryPolicy, undefined);
  assert.throws(() => serviceConfig(readServiceConfig(), { retries: -1 }), RangeError);
});

test('UNAVAILABLE is retried by the channel, with one request id and the token on every attempt', async () => {
  const seen: Seen[] = [];
  const method = '/tuneforge.v1.ScheduleService/ScaleLearningRate';
  const flaky: Handler = () =>
    seen.length <= 2 ? Object.assign(new Error('restarting'), { code: Status.UNAVAILABLE, details: 'restarting', metadata: new grpc.Metadata() }) : null;
  const fake = await startFake(seen, { [method]: flaky });
  servers.push(fake.server);

  const tf = new TuneforgeClient(fake.target, { token: 's3cret', backoff: 0.01, maxBackoff: 0.02 });
  await tf.scaleLearningRate({ baseLearningRate: 0.1, baseBatchSize: 32, targetBatchSizes: [64] });
  tf.close();
  assert.equal(seen.length, 3);
  assert.deepEqual(
    seen.map((s) => s.metadata.get('authorization')[0]),
    ['Bearer s3cret', 'Bearer s3cret', 'Bearer s3cret'],
  );
  const ids = new Set(seen.map((s) => s.metadata.get('x-request-id')[0]));
  assert.equal(ids.size, 1);
  assert.match(String([...ids][0]), /^[0-9a-f]{32}$/);

  seen.length = 0;
  const once = new TuneforgeClient(fake.target, { retries: 0 });
  const err = await once.scaleLearningRate({}).catch((e: unknown) => e);
  once.close();
  assert.ok(err instanceof TuneforgeError && err.code === Status.UNAVAILABLE, String(err));
  assert.equal(err.message, 'restarting');
  assert.equal(seen.length, 1);
});

test('errors: google.rpc details from grpc-status-details-bin, the request id from RequestInfo without the trailer', async () => {
  const root = errorRoot(DEFAULT_PROTO_DIR);
  const pack = (name: string, value: object) => {
    const type = root.lookupType(name);
    return { type_url: `type.googleapis.com/${name}`, value: type.encode(type.fromObject(value)).finish() };
  };
  const status = root.lookupType('google.rpc.Status');
  const details = status
    .encode(
      status.fromObject({
        code: Status.INVALID_ARGUMENT,
        message: 'invalid request: a: bad',
        details: [
          pack('google.rpc.BadRequest', { field_violations: [{ field: 'targets[2]', description: 'must be > 0', reason: 'OUT_OF_RANGE' }] }),
          pack('google.rpc.RequestInfo', { request_id: 'rid-from-detail' }),
          pack('google.rpc.ErrorInfo', { reason: 'ignored' }),
        ],
      }),
    )
    .finish();
  const fail = (bin: Uint8Array): Handler => () => {
    const metadata = new grpc.Metadata();
    metadata.set('grpc-status-details-bin', Buffer.from(bin));
    return Object.assign(new Error('bad'), { code: Status.INVALID_ARGUMENT, details: 'invalid request: a: bad', metadata });
  };
  const seen: Seen[] = [];
  const fake = await startFake(seen, {
    '/tuneforge.v1.StudyService/ListStudies': fail(details),
    '/tuneforge.v1.StudyService/GetStudy': fail(Buffer.from('not a status')),
  });
  servers.push(fake.server);
  const tf = new TuneforgeClient(fake.target);
  try {
    const err = await tf.listStudies().catch((e: unknown) => e);
    assert.ok(err instanceof TuneforgeError, String(err));
    assert.deepEqual(err.fieldViolations, [{ field: 'targets[2]', description: 'must be > 0', reason: 'OUT_OF_RANGE' }]);
    assert.equal(err.requestId, 'rid-from-detail');
    assert.equal(String(err), 'TuneforgeError: INVALID_ARGUMENT: invalid request: a: bad [targets[2]: must be > 0]');
    const garbled = await tf.getStudy({ study: 'x' }).catch((e: unknown) => e);
    assert.ok(garbled instanceof TuneforgeError && garbled.code === Status.INVALID_ARGUMENT, String(garbled));
    assert.deepEqual(garbled.fieldViolations, []);
  } finally {
    tf.close();
  }
});

test('deadlines: the default timeout, a call\'s own, and none on streams unless asked', async () => {
  const seen: Seen[] = [];
  const hang: Handler = () => 'hang';
  const fake = await startFake(seen, {
    '/tuneforge.v1.StudyService/ListStudies': hang,
    '/tuneforge.v1.TrainerService/WatchJob': hang,
  });
  servers.push(fake.server);
  const tf = new TuneforgeClient(fake.target, { timeout: 0.3 });
  const elapsed = async (promise: Promise<unknown>): Promise<number> => {
    const started = Date.now();
    const err = await promise.catch((e: unknown) => e);
    assert.ok(err instanceof TuneforgeError && err.code === Status.DEADLINE_EXCEEDED, String(err));
    return (Date.now() - started) / 1000;
  };
  const drain = async (events: AsyncIterable<unknown>) => {
    for await (const _ of events) {
      // none come
    }
  };
  try {
    const byDefault = await elapsed(tf.listStudies());
    assert.ok(byDefault >= 0.25 && byDefault < 3, `${byDefault} s`);
    const own = await elapsed(tf.listStudies({}, { timeout: 0.05 }));
    assert.ok(own < byDefault, `${own} s`);
    assert.ok((await elapsed(drain(tf.watchJob('job-1', { timeout: 0.5 })))) >= 0.45);
  } finally {
    tf.close();
  }
});

test('TLS and mutual TLS', async (t) => {
  // Certificates from the Python tests' own recipe (tests/conftest.py), in the venv.
  const dir = mkdtempSync(path.join(tmpdir(), 'tuneforge-certs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const python = path.join(REPO_ROOT, '.venv/bin/python');
  const script = 'import sys, pathlib; from tests.conftest import _make_certs; _make_certs(pathlib.Path(sys.argv[1]))';
  execFileSync(python, ['-c', script, dir], { cwd: REPO_ROOT });
  const pem = (name: string) => readFileSync(path.join(dir, name));

  const seen: Seen[] = [];
  const mtls = grpc.ServerCredentials.createSsl(pem('ca.pem'), [{ cert_chain: pem('server.pem'), private_key: pem('server-key.pem') }], true);
  const fake = await startFake(seen, {}, mtls);
  servers.push(fake.server);
  const call = (options: ConstructorParameters<typeof TuneforgeClient>[1]) => {
    const tf = new TuneforgeClient(fake.target, { retries: 0, timeout: 5, serverName: 'localhost', ...options });
    return tf.listStudies().finally(() => tf.close());
  };

  // PEM paths and PEM contents are both accepted.
  await call({ rootCerts: path.join(dir, 'ca.pem'), clientCert: path.join(dir, 'client.pem'), clientKey: pem('client-key.pem') });
  assert.equal(seen.length, 1);
  // Without a client certificate, or trusting another CA, no connection.
  for (const options of [{ rootCerts: pem('ca.pem') }, { rootCerts: pem('other-ca.pem'), clientCert: pem('client.pem'), clientKey: pem('client-key.pem') }]) {
    const err = await call(options).catch((e: unknown) => e);
    assert.ok(err instanceof TuneforgeError && err.code === Status.UNAVAILABLE, String(err));
  }
  assert.equal(seen.length, 1);
});
