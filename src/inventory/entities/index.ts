import { StockLoan } from './loan.entity';
import { StockLocation } from './location.entity';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockMove } from './stock-move.entity';

export const INVENTORY_ENTITIES = [Part, StockLocation, StockLevel, StockMove, StockLoan];
