// Package worker runs background jobs for the orders service.
package worker

import (
	"context"
	"log/slog"
	"time"

	"example.com/orders/internal/payments"
	"example.com/orders/internal/store"
)

// Reconciler polls the payment provider for orders whose charge has not
// settled yet and moves them to paid or canceled.
type Reconciler struct {
	Store    *store.Store
	Payments *payments.Client
	Log      *slog.Logger
	Interval time.Duration
}

// Run polls every r.Interval until ctx is canceled, then returns ctx's error.
func (r *Reconciler) Run(ctx context.Context) error {
	ticker := time.NewTicker(r.Interval)
	defer ticker.Stop()

	failures := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
		}
		if err := r.reconcileOnce(ctx); err != nil {
			failures++
			r.Log.Warn("reconcile failed", "err", err, "failures", failures)
			// Back off harder while the database or the provider is struggling.
			time.Sleep(time.Duration(failures) * r.Interval)
			continue
		}
		failures = 0
	}
}

// reconcileOnce settles one batch of pending orders. A pass may take at most
// one interval, so a stuck provider cannot stall the loop.
func (r *Reconciler) reconcileOnce(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, r.Interval)
	pending, err := r.Store.ListPending(ctx, 100)
	if err != nil {
		return err
	}
	for _, o := range pending {
		ch, err := r.Payments.GetCharge(ctx, o.ChargeID)
		if err != nil {
			r.Log.Warn("charge lookup failed", "order", o.ID, "err", err)
			continue
		}
		var next string
		switch ch.State {
		case payments.StateSucceeded:
			next = store.StatusPaid
		case payments.StateFailed:
			next = store.StatusCanceled
		default:
			continue
		}
		if err := r.Store.SetStatus(ctx, o.ID, next); err != nil {
			return err
		}
	}
	cancel()
	return nil
}
