import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/public.decorator';
import { CurrentViewer, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { SESSION_COOKIE } from '../infra/realtime/realtime.gateway';
import { tokenFromRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { ChangePasswordDto, ForgotPasswordDto, ResetPasswordDto } from './dto/password.dto';
import { LoginDto } from './dto/login.dto';
import { PasswordService, RESET_REQUESTED } from './password.service';
import { SensitiveRoute } from './rate-limits';

/** The session cookie: HTTP-only, Lax, Secure behind HTTPS (SECURE_COOKIES). */
export function setSessionCookie(res: Response, config: AppConfig, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: config.env.SECURE_COOKIES, expires: expiresAt, path: '/' });
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
    private readonly config: AppConfig,
  ) {}

  /** Sets an HTTP-only session cookie and also returns the token for API clients (Bearer). */
  @Public()
  @SensitiveRoute()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { token, expiresAt, viewer } = await this.auth.login(dto.email, dto.password, req.ip ?? '');
    setSessionCookie(res, this.config, token, expiresAt);
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

  /** Changes one's own password; every other login of the person ends (this one stays). */
  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentViewer() viewer: Viewer, @Body() dto: ChangePasswordDto, @Req() req: Request) {
    await this.passwords.change(viewer.id, tokenFromRequest(req), dto.currentPassword, dto.newPassword, req.ip ?? '');
  }

  /** "Mot de passe oublié": the same answer whether the address has an account or not. */
  @Public()
  @SensitiveRoute()
  @Post('password/forgot')
  @HttpCode(202)
  async forgotPassword(@Body() dto: ForgotPasswordDto) {
    await this.passwords.requestReset(dto.email);
    return { message: RESET_REQUESTED };
  }

  @Public()
  @SensitiveRoute()
  @Post('password/reset')
  @HttpCode(204)
  async resetPassword(@Body() dto: ResetPasswordDto) {
    await this.passwords.reset(dto.token, dto.password);
  }
}
