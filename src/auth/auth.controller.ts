import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/public.decorator';
import { CurrentViewer, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { SESSION_COOKIE } from '../infra/realtime/realtime.gateway';
import { tokenFromRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService, private readonly config: AppConfig) {}

  /** Sets an HTTP-only session cookie and also returns the token for API clients (Bearer). */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) res: Response) {
    const { token, expiresAt, viewer } = await this.auth.login(dto.email, dto.password);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.env.SECURE_COOKIES,
      expires: expiresAt,
      path: '/',
    });
    return { token, expiresAt, viewer };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = tokenFromRequest(req);
    if (token) await this.auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@CurrentViewer() viewer: Viewer) {
    return viewer;
  }
}
