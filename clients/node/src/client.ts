import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';

import { DEFAULT_PROTO_DIR, readServiceConfig, serviceConfig, type ServiceConfig } from './config';
import { Status, TuneforgeError, toTuneforgeError } from './errors';
import type * as v1 from './gen';
import { loadServices, type Services } from './protos';
import { healthCheck, type ServingStatus } from './wellknown';

/** PEM content (a Buffer, or a string holding `-----BEGIN`), or the path of a PEM file. */
export type Pem = Buffer | string;

export interface TuneforgeClientOptions {
  /** Sent as `authorization: Bearer <token>` with every call. */
  token?: string | undefined;
  /** Use TLS (implied by any certificate option), trusting the system's roots unless `rootCerts`. */
  tls?: boolean | undefined;
  /** CA certificates to trust (a private CA). */
  rootCerts?: Pem | undefined;
  /** Mutual TLS: this client's certificate chain and private key. */
  clientCert?: Pem | undefined;
  clientKey?: Pem | undefined;
  /** The name the server's certificate must carry, when it differs from the target's host. */
  serverName?: string | undefined;
  /** Default deadline of a unary call, in seconds, covering all its attempts (10). */
  timeout?: number | undefined;
  /** Retries on UNAVAILABLE after the first attempt: the service config's (4) unless set; 0 turns retrying off. */
  retries?: number | undefined;
  /** First retry backoff and its cap, in seconds (the service config's 0.1 and 2 unless set). */
  backoff?: number | undefined;
  maxBackoff?: number | undefined;
  /** grpc-js channel options, applied over the client's own (`grpc.service_config` included). */
  channelOptions?: grpc.ChannelOptions | undefined;
  /** Where the .proto files are (the repository's proto/). */
  protoDir?: string | undefined;
  /** The service config file (the Python SDK's service_config.json, shared by every client). */
  serviceConfigFile?: string | undefined;
}

export interface CallOptions {
  /** This call's deadline in seconds (unary calls: the client's `timeout` by default; streams: none). */
  timeout?: number | undefined;
}

export interface WatchOptions extends CallOptions {
  /** The first event to send (1: all). */
  fromSequence?: number | string | undefined;
  /** How long to keep reconnecting after the stream was lost (UNAVAILABLE), in seconds (60). */
  reconnectSeconds?: number | undefined;
}

export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** The states a job does not leave. */
export const FINAL_JOB_STATES: ReadonlySet<v1.JobState__Output> = new Set([
  'JOB_STATE_SUCCEEDED',
  'JOB_STATE_FAILED',
  'JOB_STATE_CANCELLED',
  'JOB_STATE_PRUNED',
] as const);

export const FINAL_SWEEP_STATES: ReadonlySet<v1.SweepState__Output> = new Set([
  'SWEEP_STATE_SUCCEEDED',
  'SWEEP_STATE_FAILED',
  'SWEEP_STATE_CANCELLED',
] as const);

/** What the client needs of a method definition: its path and (de)serializers. */
interface Method<I, O> {
  path: string;
  requestSerialize: (value: I) => Buffer;
  responseDeserialize: (bytes: Buffer) => O;
}

interface Paged {
  page?: v1.PageRequest | null;
}

function pem(value: Pem | undefined): Buffer | null {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  return value.includes('-----BEGIN') ? Buffer.from(value) : readFileSync(value);
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * A connection to a tuneforge server: one promise-returning method per RPC of
 * StudyService, RelaxationService, TransportService, ScheduleService,
 * TrackerService and TrainerService (WorkerService is internal), named as the
 * Python SDK's methods. Each takes its request message as a plain object (the
 * generated input types) and returns the response, or its one entity where the
 * Python SDK does (`createStudy` returns the Study).
 *
 * Every call has a deadline (`timeout`) and is retried on UNAVAILABLE only, by the
 * channel, with the retry policy of the shared service_config.json; failures are
 * thrown as {@link TuneforgeError}.
 */
export class TuneforgeClient {
  readonly timeout: number;
  /** The gRPC service config of this client's channel. */
  readonly serviceConfig: ServiceConfig;
  readonly #client: grpc.Client;
  readonly #token: string | undefined;
  readonly #services: Services;
  readonly #protoDir: string;

  constructor(target = '127.0.0.1:50051', options: TuneforgeClientOptions = {}) {
    this.timeout = options.timeout ?? 10;
    this.#token = options.token;
    this.#protoDir = options.protoDir ?? DEFAULT_PROTO_DIR;
    this.#services = loadServices(this.#protoDir);
    this.serviceConfig = serviceConfig(readServiceConfig(options.serviceConfigFile), options);
    const channelOptions: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.enable_retries': 1,
      'grpc.service_config': JSON.stringify(this.serviceConfig),
      // The file is the only source of the policy: no service config from DNS TXT records.
      'grpc.service_config_disable_resolution': 1,
      // A request is retried only while the channel still buffers it: up to the
      // largest message, so that big solves are retried too.
      'grpc.per_rpc_retry_buffer_size': MAX_MESSAGE_BYTES,
      'grpc.retry_buffer_size': MAX_MESSAGE_BYTES,
      ...(options.serverName ? { 'grpc.ssl_target_name_override': options.serverName } : {}),
      ...options.channelOptions,
    };
    const secure = options.tls || options.rootCerts !== undefined || options.clientCert !== undefined;
    const credentials = secure
      ? grpc.credentials.createSsl(pem(options.rootCerts), pem(options.clientKey), pem(options.clientCert))
      : grpc.credentials.createInsecure();
    this.#client = new grpc.Client(target, credentials, channelOptions);
  }

  close(): void {
    this.#client.close();
  }

  // -- plumbing ------------------------------------------------------------------

  #metadata(): grpc.Metadata {
    // One request id for all the attempts the channel makes; the server echoes it.
    const metadata = new grpc.Metadata();
    if (this.#token) metadata.set('authorization', `Bearer ${this.#token}`);
    metadata.set('x-request-id', randomUUID().replaceAll('-', ''));
    return metadata;
  }

  static #deadline(seconds: number | undefined): grpc.CallOptions {
    return seconds === undefined ? {} : { deadline: new Date(Date.now() + seconds * 1000) };
  }

  #call<I, O>(method: Method<I, O>, request: I, options: CallOptions = {}): Promise<O> {
    return new Promise((resolve, reject) => {
      this.#client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        this.#metadata(),
        TuneforgeClient.#deadline(options.timeout ?? this.timeout),
        (err, response) => (err ? reject(TuneforgeError.fromServiceError(err, this.#protoDir)) : resolve(response as O)),
      );
    });
  }

  /** One field of the response: the entity the Python SDK returns (`CreateStudy` -> its study). */
  async #field<I, O, K extends keyof O>(
    method: Method<I, O>,
    request: I,
    key: K,
    options?: CallOptions,
  ): Promise<NonNullable<O[K]>> {
    const value = (await this.#call(method, request, options))[key];
    if (value === null || value === undefined) {
      throw new TuneforgeError(Status.INTERNAL, `${method.path}: the response has no ${String(key)}`);
    }
    return value;
  }

  /** A server stream; no deadline unless `timeout` (streams last as long as jobs). */
  async *#stream<I, O>(method: Method<I, O>, request: I, timeout?: number): AsyncGenerator<O, void, undefined> {
    const call = this.#client.makeServerStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      this.#metadata(),
      TuneforgeClient.#deadline(timeout),
    );
    call.on('error', () => {}); // read by the iterator; this keeps a late CANCELLED from being unhandled
    try {
      for await (const message of call) yield message as O;
    } catch (err) {
      throw toTuneforgeError(err, this.#protoDir);
    } finally {
      call.cancel(); // an abandoned iterator ends the call
    }
  }

  /** Every item of a paginated list, fetching the pages as it goes. */
  async *#pages<R extends Paged, P extends { nextPageToken: string }, T>(
    list: (request: R) => Promise<P>,
    items: (page: P) => T[],
    request: R,
  ): AsyncGenerator<T, void, undefined> {
    let pageToken = request.page?.pageToken ?? '';
    for (;;) {
      const page = await list({ ...request, page: { ...request.page, pageToken } });
      yield* items(page);
      pageToken = page.nextPageToken;
      if (!pageToken) return;
    }
  }

  // -- health --------------------------------------------------------------------

  /** `SERVING`/`NOT_SERVING` of `service` ("" = the server, "readiness"); open without a token. */
  async health(service = '', options?: CallOptions): Promise<ServingStatus> {
    return (await this.#call(healthCheck, { service }, options)).status;
  }

  /** Resolve once the server's `readiness` service is SERVING; reject after `timeout` seconds. */
  async waitReady(timeout = 30): Promise<void> {
    const end = Date.now() + timeout * 1000;
    let last: unknown;
    while (Date.now() < end) {
      try {
        if ((await this.health('readiness', { timeout: 1 })) === 'SERVING') return;
      } catch (err) {
        last = err;
      }
      await sleep(0.05);
    }
    throw new Error(`server not ready after ${timeout} s: ${String(last)}`);
  }

  // -- ScheduleService -----------------------------------------------------------

  /** Scaled learning rates: linear for OPTIMIZER_FAMILY_SGD, square root for OPTIMIZER_FAMILY_ADAPTIVE. */
  scaleLearningRate(request: v1.ScaleLearningRateRequest, options?: CallOptions): Promise<v1.ScaleLearningRateResponse__Output> {
    return this.#call(this.#services.schedule.ScaleLearningRate, request, options);
  }

  /** The refined schedule of a run's per-step gradient norms, or of a trainer job's. */
  refineSchedule(request: v1.RefineScheduleRequest, options?: CallOptions): Promise<v1.RefineScheduleResponse__Output> {
    return this.#call(this.#services.schedule.RefineSchedule, request, options);
  }

  /** A job's ScheduleSpec over total_steps: every step's rate, the piecewise form, optionally a PNG. */
  planSchedule(request: v1.PlanScheduleRequest, options?: CallOptions): Promise<v1.PlanScheduleResponse__Output> {
    return this.#call(this.#services.schedule.PlanSchedule, request, options);
  }

  /** lambda_max, the trace and the largest stable learning rates of a job's model. */
  estimateStableLearningRate(
    request: v1.EstimateStableLearningRateRequest,
    options?: CallOptions,
  ): Promise<v1.EstimateStableLearningRateResponse__Output> {
    return this.#call(this.#services.schedule.EstimateStableLearningRate, request, options);
  }

  /** lambda_max of mini-batch curvature at several batch sizes and where the scaling rules hold. */
  learningRateCurve(request: v1.LearningRateCurveRequest, options?: CallOptions): Promise<v1.LearningRateCurveResponse__Output> {
    return this.#call(this.#services.schedule.LearningRateCurve, request, options);
  }

  // -- RelaxationService ---------------------------------------------------------

  /** A sequence of linear systems whose SOR omega the server learns. */
  createSequence(request: v1.CreateSequenceRequest, options?: CallOptions): Promise<v1.Sequence__Output> {
    return this.#field(this.#services.relaxation.CreateSequence, request, 'sequence', options);
  }

  getSequence(request: v1.GetSequenceRequest, options?: CallOptions): Promise<v1.Sequence__Output> {
    return this.#field(this.#services.relaxation.GetSequence, request, 'sequence', options);
  }

  listSequences(request: v1.ListSequencesRequest = {}, options?: CallOptions): Promise<v1.ListSequencesResponse__Output> {
    return this.#call(this.#services.relaxation.ListSequences, request, options);
  }

  async deleteSequence(request: v1.DeleteSequenceRequest, options?: CallOptions): Promise<void> {
    await this.#call(this.#services.relaxation.DeleteSequence, request, options);
  }

  /** The omega for the next system (the client solves it and reports the iterations). */
  suggestOmega(request: v1.SuggestOmegaRequest, options?: CallOptions): Promise<v1.SuggestOmegaResponse__Output> {
    return this.#call(this.#services.relaxation.SuggestOmega, request, options);
  }

  reportOutcome(request: v1.ReportOutcomeRequest, options?: CallOptions): Promise<v1.Sequence__Output> {
    return this.#field(this.#services.relaxation.ReportOutcome, request, 'sequence', options);
  }

  /** Solve `matrix x = rhs` (CSR) on the server with the omega it picks, and learn from it. */
  solve(request: v1.SolveRequest, options?: CallOptions): Promise<v1.SolveResponse__Output> {
    return this.#call(this.#services.relaxation.Solve, request, options);
  }

  getBestOmega(request: v1.GetBestOmegaRequest, options?: CallOptions): Promise<v1.GetBestOmegaResponse__Output> {
    return this.#call(this.#services.relaxation.GetBestOmega, request, options);
  }

  // -- TransportService ----------------------------------------------------------

  /** Entropic optimal transport between `a` and `b` over a cost matrix or two point clouds. */
  solveTransport(request: v1.TransportServiceSolveRequest, options?: CallOptions): Promise<v1.TransportResult__Output> {
    return this.#field(this.#services.transport.Solve, request, 'result', options);
  }

  /** Many problems sharing one cost: rows of `a` against rows of `b` (or one `b`). */
  solveTransportBatch(
    request: v1.TransportServiceSolveBatchRequest,
    options?: CallOptions,
  ): Promise<v1.TransportResult__Output[]> {
    return this.#field(this.#services.transport.SolveBatch, request, 'results', options);
  }

  // -- StudyService --------------------------------------------------------------

  createStudy(request: v1.CreateStudyRequest, options?: CallOptions): Promise<v1.Study__Output> {
    return this.#field(this.#services.study.CreateStudy, request, 'study', options);
  }

  getStudy(request: v1.GetStudyRequest, options?: CallOptions): Promise<v1.Study__Output> {
    return this.#field(this.#services.study.GetStudy, request, 'study', options);
  }

  listStudies(request: v1.ListStudiesRequest = {}, options?: CallOptions): Promise<v1.ListStudiesResponse__Output> {
    return this.#call(this.#services.study.ListStudies, request, options);
  }

  async deleteStudy(request: v1.DeleteStudyRequest, options?: CallOptions): Promise<void> {
    await this.#call(this.#services.study.DeleteStudy, request, options);
  }

  /** `count` trials with pairwise distinct configurations (a worker's running ones, by `clientId`, first). */
  ask(request: v1.AskRequest, options?: CallOptions): Promise<v1.Trial__Output[]> {
    return this.#field(this.#services.study.Ask, request, 'trials', options);
  }

  /** Finish a trial: its objective value(s), or state TRIAL_STATE_FAIL / TRIAL_STATE_PRUNED. */
  tell(request: v1.TellRequest, options?: CallOptions): Promise<v1.Trial__Output> {
    return this.#field(this.#services.study.Tell, request, 'trial', options);
  }

  /** Report a learning-curve point; true means: stop and tell it pruned. */
  reportIntermediate(request: v1.ReportIntermediateRequest, options?: CallOptions): Promise<boolean> {
    return this.#field(this.#services.study.ReportIntermediate, request, 'shouldPrune', options);
  }

  /** Renew a running trial's lease; the lease in seconds. */
  heartbeat(request: v1.StudyServiceHeartbeatRequest, options?: CallOptions): Promise<number> {
    return this.#field(this.#services.study.Heartbeat, request, 'leaseSeconds', options);
  }

  enqueueTrial(request: v1.EnqueueTrialRequest, options?: CallOptions): Promise<v1.Trial__Output> {
    return this.#field(this.#services.study.EnqueueTrial, request, 'trial', options);
  }

  getTrial(request: v1.GetTrialRequest, options?: CallOptions): Promise<v1.Trial__Output> {
    return this.#field(this.#services.study.GetTrial, request, 'trial', options);
  }

  listTrials(request: v1.ListTrialsRequest, options?: CallOptions): Promise<v1.ListTrialsResponse__Output> {
    return this.#call(this.#services.study.ListTrials, request, options);
  }

  /** The best trial, or the Pareto front of a multi-objective study. */
  getBestTrials(request: v1.GetBestTrialsRequest, options?: CallOptions): Promise<v1.Trial__Output[]> {
    return this.#field(this.#services.study.GetBestTrials, request, 'trials', options);
  }

  // -- TrackerService ------------------------------------------------------------

  /** Get or create the experiment `name`. */
  createExperiment(request: v1.CreateExperimentRequest, options?: CallOptions): Promise<v1.Experiment__Output> {
    return this.#field(this.#services.tracker.CreateExperiment, request, 'experiment', options);
  }

  getExperiment(request: v1.GetExperimentRequest, options?: CallOptions): Promise<v1.Experiment__Output> {
    return this.#field(this.#services.tracker.GetExperiment, request, 'experiment', options);
  }

  createRun(request: v1.CreateRunRequest, options?: CallOptions): Promise<v1.Run__Output> {
    return this.#field(this.#services.tracker.CreateRun, request, 'run', options);
  }

  endRun(request: v1.EndRunRequest, options?: CallOptions): Promise<v1.Run__Output> {
    return this.#field(this.#services.tracker.EndRun, request, 'run', options);
  }

  async logParams(request: v1.LogParamsRequest, options?: CallOptions): Promise<void> {
    await this.#call(this.#services.tracker.LogParams, request, options);
  }

  /** Metrics without a timestamp are stamped by the server when it receives them. */
  async logMetrics(request: v1.LogMetricsRequest, options?: CallOptions): Promise<void> {
    await this.#call(this.#services.tracker.LogMetrics, request, options);
  }

  async setTags(request: v1.SetTagsRequest, options?: CallOptions): Promise<void> {
    await this.#call(this.#services.tracker.SetTags, request, options);
  }

  /** Store `content` as `path` in the run's artifacts; its URI. */
  logArtifact(request: v1.LogArtifactRequest, options?: CallOptions): Promise<string> {
    return this.#field(this.#services.tracker.LogArtifact, request, 'artifactUri', options);
  }

  getRun(request: v1.GetRunRequest, options?: CallOptions): Promise<v1.Run__Output> {
    return this.#field(this.#services.tracker.GetRun, request, 'run', options);
  }

  /** Runs matching an MLflow filter, e.g. `"metrics.loss < 0.1"`. */
  searchRuns(request: v1.SearchRunsRequest, options?: CallOptions): Promise<v1.SearchRunsResponse__Output> {
    return this.#call(this.#services.tracker.SearchRuns, request, options);
  }

  getBestParams(request: v1.GetBestParamsRequest, options?: CallOptions): Promise<v1.GetBestParamsResponse__Output> {
    return this.#call(this.#services.tracker.GetBestParams, request, options);
  }

  // -- TrainerService: jobs --------------------------------------------------------

  /** Queue a job; retrying with the same `idempotencyKey` returns the first job. */
  submitJob(request: v1.SubmitJobRequest, options?: CallOptions): Promise<v1.Job__Output> {
    return this.#field(this.#services.trainer.SubmitJob, request, 'job', options);
  }

  /** {@link submitJob}'s whole answer: the job and whether this call created it. */
  submitJobResponse(request: v1.SubmitJobRequest, options?: CallOptions): Promise<v1.SubmitJobResponse__Output> {
    return this.#call(this.#services.trainer.SubmitJob, request, options);
  }

  getJob(request: v1.GetJobRequest, options?: CallOptions): Promise<v1.Job__Output> {
    return this.#field(this.#services.trainer.GetJob, request, 'job', options);
  }

  listJobsPage(request: v1.ListJobsRequest = {}, options?: CallOptions): Promise<v1.ListJobsResponse__Output> {
    return this.#call(this.#services.trainer.ListJobs, request, options);
  }

  /** Every matching job, oldest first, fetching the pages as it goes. */
  listJobs(request: v1.ListJobsRequest = {}, options?: CallOptions): AsyncGenerator<v1.Job__Output, void, undefined> {
    return this.#pages((r) => this.listJobsPage(r, options), (page) => page.jobs, request);
  }

  /** Cancel a job: a queued one at once, a running one when its worker is gone. */
  cancelJob(request: v1.CancelJobRequest, options?: CallOptions): Promise<v1.Job__Output> {
    return this.#field(this.#services.trainer.CancelJob, request, 'job', options);
  }

  /**
   * The job's events from `fromSequence` until its final state change, as an async
   * iterator (`for await (const event of tf.watchJob(id))`); leaving the loop ends
   * the call. When the connection drops (UNAVAILABLE) it reconnects from the last
   * event's sequence + 1 with backoff for up to `reconnectSeconds`: every event is
   * seen exactly once. `timeout` bounds the whole watch (DEADLINE_EXCEEDED).
   */
  async *watchJob(jobId: string, options: WatchOptions = {}): AsyncGenerator<v1.JobEvent__Output, void, undefined> {
    const reconnectSeconds = options.reconnectSeconds ?? 60;
    const end = options.timeout === undefined ? undefined : Date.now() + options.timeout * 1000;
    let sequence = BigInt(options.fromSequence ?? 1);
    let backoff = 0.1;
    let lost: number | undefined;
    for (;;) {
      const left = end === undefined ? undefined : Math.max(end - Date.now(), 1) / 1000;
      try {
        const request = { jobId, fromSequence: sequence.toString() };
        for await (const { event } of this.#stream(this.#services.trainer.WatchJob, request, left)) {
          if (event === null) continue;
          sequence = BigInt(event.sequence) + 1n;
          backoff = 0.1;
          lost = undefined;
          yield event;
        }
        return;
      } catch (err) {
        if (!(err instanceof TuneforgeError) || err.code !== Status.UNAVAILABLE) throw err;
        lost ??= Date.now();
        if (Date.now() - lost > reconnectSeconds * 1000) throw err;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 2);
      }
    }
  }

  /** The job once it is in a final state (DEADLINE_EXCEEDED after `timeout` seconds). */
  async waitJob(jobId: string, options: CallOptions = {}): Promise<v1.Job__Output> {
    const job = await this.getJob({ jobId });
    if (FINAL_JOB_STATES.has(job.state)) return job;
    const fromSequence = (BigInt(job.lastSequence) + 1n).toString();
    for await (const _ of this.watchJob(jobId, { fromSequence, timeout: options.timeout })) {
      // drain: the stream ends after the final state change
    }
    return this.getJob({ jobId });
  }

  /** The worker's output lines: the last `tailLines` (0: all), then with `follow` new ones until the job ends. */
  async *jobLogs(request: v1.GetJobLogsRequest, options: CallOptions = {}): AsyncGenerator<string, void, undefined> {
    for await (const response of this.#stream(this.#services.trainer.GetJobLogs, request, options.timeout)) {
      yield* response.lines;
    }
  }

  /** Every progress point the job reported, in step order. */
  jobMetrics(request: v1.GetJobMetricsRequest, options?: CallOptions): Promise<v1.JobProgress__Output[]> {
    return this.#field(this.#services.trainer.GetJobMetrics, request, 'points', options);
  }

  /** Optimizers (with hyperparameter schemas), models, datasets, devices, backends. */
  catalog(request: v1.ListCatalogRequest = {}, options?: CallOptions): Promise<v1.ListCatalogResponse__Output> {
    return this.#call(this.#services.trainer.ListCatalog, request, options);
  }

  // -- TrainerService: sweeps ------------------------------------------------------

  /** Start a sweep: a study over fields of a job template, one job per trial. */
  submitSweep(request: v1.SubmitSweepRequest, options?: CallOptions): Promise<v1.Sweep__Output> {
    return this.#field(this.#services.trainer.SubmitSweep, request, 'sweep', options);
  }

  getSweep(request: v1.GetSweepRequest, options?: CallOptions): Promise<v1.Sweep__Output> {
    return this.#field(this.#services.trainer.GetSweep, request, 'sweep', options);
  }

  listSweepsPage(request: v1.ListSweepsRequest = {}, options?: CallOptions): Promise<v1.ListSweepsResponse__Output> {
    return this.#call(this.#services.trainer.ListSweeps, request, options);
  }

  /** Every matching sweep (without trial lists), oldest first. */
  listSweeps(request: v1.ListSweepsRequest = {}, options?: CallOptions): AsyncGenerator<v1.Sweep__Output, void, undefined> {
    return this.#pages((r) => this.listSweepsPage(r, options), (page) => page.sweeps, request);
  }

  /** No new trials; the running ones are cancelled. */
  cancelSweep(request: v1.CancelSweepRequest, options?: CallOptions): Promise<v1.Sweep__Output> {
    return this.#field(this.#services.trainer.CancelSweep, request, 'sweep', options);
  }

  /** Poll every `poll` seconds until the sweep ended; rejects after `timeout` seconds. */
  async waitSweep(sweepId: string, options: CallOptions & { poll?: number } = {}): Promise<v1.Sweep__Output> {
    const end = options.timeout === undefined ? undefined : Date.now() + options.timeout * 1000;
    for (;;) {
      const sweep = await this.getSweep({ sweepId });
      if (FINAL_SWEEP_STATES.has(sweep.state)) return sweep;
      if (end !== undefined && Date.now() > end) {
        throw new TuneforgeError(Status.DEADLINE_EXCEEDED, `sweep ${sweepId} did not end within ${options.timeout} s`);
      }
      await sleep(options.poll ?? 0.5);
    }
  }
}
