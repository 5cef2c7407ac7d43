import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CreateMaintenancePlanDto, RecordMaintenanceDto } from './dto/maintenance.dto';
import { MaintenanceService } from './maintenance.service';

/** A machine's care: its preventive tasks (hours of use) and its maintenance log. */
@ApiTags('maintenance')
@Controller('api/machines/:machineId/maintenance')
@Roles('manager', 'trainer')
export class MaintenanceController {
  constructor(private readonly maintenance: MaintenanceService) {}

  @Get()
  async get(@CurrentViewer() viewer: Viewer, @Param('machineId', ParseUUIDPipe) machineId: string) {
    const [plans, records] = await Promise.all([this.maintenance.plansOf(viewer, machineId), this.maintenance.history(viewer, machineId)]);
    return { plans, records };
  }

  @Post()
  record(@CurrentViewer() viewer: Viewer, @Param('machineId', ParseUUIDPipe) machineId: string, @Body() dto: RecordMaintenanceDto) {
    return this.maintenance.record(viewer, machineId, dto);
  }

  @Post('plans')
  @Roles('manager')
  addPlan(@CurrentViewer() viewer: Viewer, @Param('machineId', ParseUUIDPipe) machineId: string, @Body() dto: CreateMaintenancePlanDto) {
    return this.maintenance.addPlan(viewer, machineId, dto);
  }

  @Delete('plans/:planId')
  @Roles('manager')
  @HttpCode(204)
  removePlan(
    @CurrentViewer() viewer: Viewer,
    @Param('machineId', ParseUUIDPipe) machineId: string,
    @Param('planId', ParseUUIDPipe) planId: string,
  ): Promise<void> {
    return this.maintenance.removePlan(viewer, machineId, planId);
  }
}
