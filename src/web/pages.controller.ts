import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';

@ApiExcludeController()
@Controller()
export class PagesController {
  @Public()
  @Get()
  @Redirect('/api/docs')
  home() {}
}
