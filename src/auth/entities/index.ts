import { AuthToken } from './auth-token.entity';
import { PasswordReset } from './password-reset.entity';

/** The auth feature's tables; the app module gives every feature's list to the database module. */
export const AUTH_ENTITIES = [AuthToken, PasswordReset];
