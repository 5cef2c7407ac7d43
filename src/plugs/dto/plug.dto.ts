import { said } from '../../common/validation';
import { ApiHideProperty } from '@nestjs/swagger';
import { IsEmpty, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class SetPlugDto {
  /** @example "shelly" */
  @IsIn(['shelly', 'tasmota'], { message: 'kind : shelly ou tasmota' }) kind: 'shelly' | 'tasmota';
  /** The plug's MQTT prefix is the server's choice (it bounds what the plug may reach): never typed. */
  @ApiHideProperty()
  @IsEmpty({
    message: said(
      'topic : le préfixe MQTT de la prise est choisi par le serveur (voir la réponse) ; ne le donnez pas.',
      'topic: the server chooses the plug’s MQTT prefix (see the answer); do not give it.',
    ),
  })
  topic?: unknown;
  /** @example 20 */
  @IsOptional() @IsInt() @Min(1) @Max(100000) busyWatts?: number;
  /** @example 600 */
  @IsOptional() @IsInt() @Min(10) @Max(86400) idleSeconds?: number;
}
