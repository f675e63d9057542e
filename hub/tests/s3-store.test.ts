import { hubContract } from './support/contract.ts';
import { s3Backend } from './support/s3-backend.ts';

// Against s3rver, started by the suite on 127.0.0.1 with a random port.
hubContract(s3Backend());
