import { Device } from './device.entity';
import { ErasureRecord } from './erasure.entity';
import { RepairEvent } from './event.entity';
import { DevicePhoto } from './photo.entity';
import { DeviceRelease } from './release.entity';
import { DeviceRequest } from './request.entity';
import { RepairSiteSettings } from './settings.entity';
import { RepairStep } from './step.entity';
import { RepairTicket } from './ticket.entity';

export const REPAIRS_ENTITIES = [Device, RepairTicket, RepairStep, DevicePhoto, RepairEvent, ErasureRecord, DeviceRelease, RepairSiteSettings, DeviceRequest];
