import { IsEmail, IsInt, Min } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldReason, frenchReasons, invalidInput, InvalidInputException, said } from './validation';

class Form {
  @IsInt() @Min(1) quantity: number;
  @IsEmail({}, { message: said('e-mail invalide', 'invalid e-mail') }) email: string;
}

const refusalOf = (body: object) => invalidInput(frenchReasons(validateSync(plainToInstance(Form, body))));

describe('validation refusals', () => {
  it('carries each reason by field, without the field name in front, in French', () => {
    const body = refusalOf({ quantity: 0, email: 'x' }).getResponse() as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'invalid_input', fields: { quantity: ['1 au moins.'], email: ['E-mail invalide.'] } });
    expect(body.message).toBe('« quantity » : 1 au moins. ; e-mail invalide');
  });

  it('says the same in English for an English page: class-validator’s words and the DTO’s own', () => {
    const en = (refusalOf({ quantity: 0, email: 'x' }) as InvalidInputException).bodyIn('en');
    expect(en.fields).toEqual({ quantity: ['Must not be less than 1.'], email: ['Invalid e-mail.'] });
  });

  it('keeps reasons about no field apart, so a form shows them above its button', () => {
    const e = invalidInput(['Ce créneau est pris.', fieldReason('unitEuros', { fr: 'Prix : deux décimales.', en: 'Price: two decimals.' })]);
    expect(e.placed('fr')).toEqual({ fields: { unitEuros: ['Prix : deux décimales.'] }, loose: ['Ce créneau est pris.'] });
    expect(e.placed('en').fields).toEqual({ unitEuros: ['Price: two decimals.'] });
  });
});
