import { hubContract } from './support/contract.ts';
import { diskBackend } from './support/stores.ts';

hubContract(diskBackend());
