import { Payment } from './payment.entity';

export { Payment };
export const PAYMENTS_ENTITIES = [Payment];
