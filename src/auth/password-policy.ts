import { registerDecorator, ValidationOptions } from 'class-validator';
import { said } from '../common/said';

/**
 * What a password must be: 12 characters at least (a long phrase is easier to remember than a
 * short cipher), 128 at most (said plainly: nothing is cut off silently), not only spaces.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Why a password is refused, in French (its English kept by `said` for an English page); null when it is fine. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return said('mot de passe manquant', 'password missing');
  if (password.trim() === '') return said('mot de passe : pas seulement des espaces', 'password: not only spaces');
  if ([...password].length < PASSWORD_MIN) {
    return said(`mot de passe : ${PASSWORD_MIN} caractères au moins`, `password: at least ${PASSWORD_MIN} characters`);
  }
  if ([...password].length > PASSWORD_MAX) {
    return said(`mot de passe : ${PASSWORD_MAX} caractères au plus`, `password: at most ${PASSWORD_MAX} characters`);
  }
  return null;
}

/** class-validator rule for DTO fields that set a password. */
export function IsNewPassword(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNewPassword',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => passwordProblem(value) === null,
        defaultMessage: (args) => passwordProblem(args?.value) ?? '',
      },
    });
}
