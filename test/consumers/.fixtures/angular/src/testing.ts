// ivs-store/testing/angular from the package, compiled by ngc with the app: the providers a
// TestBed configuration takes, given a store or the clients to make one.
import { TestBed } from '@angular/core/testing';
import { IvsClient } from '@aws-sdk/client-ivs';
import { injectIvsStore } from 'ivs-store/angular';
import { provideIvsTestStore } from 'ivs-store/testing/angular';

export function configureTestStore(): void {
  TestBed.configureTestingModule({
    providers: [provideIvsTestStore({ ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }) })],
  });
  const store = TestBed.runInInjectionContext(() => injectIvsStore());
  store.channels.list$().subscribe();
}
