import { AccountingPeriod } from './accounting-period.entity';
import { BillingProfile } from './billing-profile.entity';
import { Invoice } from './invoice.entity';
import { InvoiceCounter } from './invoice-counter.entity';

export { AccountingPeriod, BillingProfile, Invoice, InvoiceCounter };
export const INVOICES_ENTITIES = [Invoice, InvoiceCounter, BillingProfile, AccountingPeriod];
