// The contract, loaded at runtime from proto/ with @grpc/proto-loader. The options
// (src/loader.json) are the ones src/gen/ was generated with, so the generated
// types describe exactly the objects these definitions produce and accept:
// camelCase field names (as protobuf's JSON mapping), 64-bit integers as decimal
// strings, enums as their full names, defaults filled in, a virtual field naming
// the set member of each oneof.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

import { loadPackageDefinition } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

import type { ProtoGrpcType as RelaxationProto } from './gen/relaxation_service';
import type { ProtoGrpcType as ScheduleProto } from './gen/schedule_service';
import type { ProtoGrpcType as StudyProto } from './gen/study_service';
import type { ProtoGrpcType as TrackerProto } from './gen/tracker_service';
import type { ProtoGrpcType as TrainerProto } from './gen/trainer_service';
import type { ProtoGrpcType as TransportProto } from './gen/transport_service';
import type { RelaxationServiceDefinition } from './gen/tuneforge/v1/RelaxationService';
import type { ScheduleServiceDefinition } from './gen/tuneforge/v1/ScheduleService';
import type { StudyServiceDefinition } from './gen/tuneforge/v1/StudyService';
import type { TrackerServiceDefinition } from './gen/tuneforge/v1/TrackerService';
import type { TrainerServiceDefinition } from './gen/tuneforge/v1/TrainerService';
import type { TransportServiceDefinition } from './gen/tuneforge/v1/TransportService';
import loader from './loader.json';

type Proto = RelaxationProto & ScheduleProto & StudyProto & TrackerProto & TrainerProto & TransportProto;

/** The public services' method definitions (serializers included), by service. */
export interface Services {
  schedule: ScheduleServiceDefinition;
  relaxation: RelaxationServiceDefinition;
  transport: TransportServiceDefinition;
  study: StudyServiceDefinition;
  tracker: TrackerServiceDefinition;
  trainer: TrainerServiceDefinition;
}

const { longs, enums, ...flags } = loader.loaderOptions;
if (longs !== 'String' || enums !== 'String') throw new Error('src/loader.json: longs and enums must be "String"');

export const LOADER_OPTIONS: protoLoader.Options = { ...flags, longs: String, enums: String };

/** Every proto/tuneforge/v1/*.proto but the internal ones (WorkerService), relative to `protoDir`. */
export function publicProtoFiles(protoDir: string): string[] {
  return readdirSync(path.join(protoDir, 'tuneforge/v1'))
    .filter((f) => f.endsWith('.proto'))
    .map((f) => `tuneforge/v1/${f}`)
    .filter((f) => !loader.internalProtos.includes(f))
    .sort();
}

export function loadDefinition(protoDir: string): protoLoader.PackageDefinition {
  return protoLoader.loadSync(publicProtoFiles(protoDir), { ...LOADER_OPTIONS, includeDirs: [protoDir] });
}

const cache = new Map<string, Services>();

export function loadServices(protoDir: string): Services {
  const dir = path.resolve(protoDir);
  let services = cache.get(dir);
  if (services === undefined) {
    const v1 = (loadPackageDefinition(loadDefinition(dir)) as unknown as Proto).tuneforge.v1;
    services = {
      schedule: v1.ScheduleService.service,
      relaxation: v1.RelaxationService.service,
      transport: v1.TransportService.service,
      study: v1.StudyService.service,
      tracker: v1.TrackerService.service,
      trainer: v1.TrainerService.service,
    };
    cache.set(dir, services);
  }
  return services;
}
