import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class SetPlugDto {
  @IsIn(['shelly', 'tasmota'], { message: 'kind : shelly ou tasmota' }) kind: 'shelly' | 'tasmota';
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'topic : lettres, chiffres, - et _ (ex. shellyplus1pm-a8032ab12345 ou laser_1)' }) topic: string;
  @IsOptional() @IsInt() @Min(1) @Max(100000) busyWatts?: number;
  @IsOptional() @IsInt() @Min(10) @Max(86400) idleSeconds?: number;
}
