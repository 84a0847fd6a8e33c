using AutoVision.Budget.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace AutoVision.Budget.Tests;

public class BudgetPipelinesTests
{
    /// <summary>Advances the fake clock in small steps until <paramref name="task"/> completes (at most <paramref name="limit"/> of fake time).</summary>
    private static async Task<TimeSpan> DriveAsync(FakeTimeProvider clock, Task task, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        while (!task.IsCompleted && advanced < limit)
        {
            for (int i = 0; i < 10 && !task.IsCompleted; i++) await Task.Yield();   // let continuations register their timers
            if (task.IsCompleted) break;
            clock.Advance(step);
            advanced += step;
        }
        for (int i = 0; i < 1000 && !task.IsCompleted; i++) await Task.Yield();
        return advanced;
    }

    /// <summary>
    /// A fake training loop: each step takes <paramref name="step"/> of the fake clock (advanced by the step itself,
    /// so timers due meanwhile fire during it) and the token is checked between steps, as TorchSharp work does.
    /// </summary>
    private static ValueTask<int> Train(FakeTimeProvider clock, TimeSpan step, int steps, CancellationToken token, Action<int>? onStep = null)
    {
        for (int i = 0; i < steps; i++)
        {
            token.ThrowIfCancellationRequested();
            clock.Advance(step);
            onStep?.Invoke(i + 1);
        }
        return ValueTask.FromResult(steps);
    }

    [Fact]
    public async Task PhaseTimeout_LongWork_CancelsTheCallbackToken()
    {
        var clock = new FakeTimeProvider();
        var pipeline = new BudgetPipelines(clock).PhaseTimeout<int>(TimeSpan.FromSeconds(10));
        int done = 0;
        await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            pipeline.ExecuteAsync(ct => Train(clock, TimeSpan.FromSeconds(1), 100, ct, i => done = i)).AsTask());
        Assert.Equal(10, done);   // stopped between steps, at the phase's end
    }

    [Fact]
    public async Task PhaseTimeout_WorkInTime_ReturnsItsResult()
    {
        var clock = new FakeTimeProvider();
        var pipeline = new BudgetPipelines(clock).PhaseTimeout<int>(TimeSpan.FromSeconds(10));
        Assert.Equal(5, await pipeline.ExecuteAsync(ct => Train(clock, TimeSpan.FromSeconds(1), 5, ct)));
    }

    [Fact]
    public async Task PhaseTimeout_AtAPassedDeadline_CancelsAtOnce()
    {
        var clock = new FakeTimeProvider();
        var budget = new TimeBudget(TimeSpan.FromSeconds(100), clock);
        budget.Start();
        clock.Advance(TimeSpan.FromSeconds(150));
        var pipeline = new BudgetPipelines(clock).PhaseTimeout<int>(budget.DeadlineIn(TimeSpan.FromSeconds(30)));
        int done = 0;
        await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            pipeline.ExecuteAsync(ct => Train(clock, TimeSpan.FromMilliseconds(5), 100, ct, i => done = i)).AsTask());
        Assert.InRange(done, 1, 2);   // the shortest timeout Polly accepts: 10 ms
    }

    [Fact]
    public async Task PhaseWithFallback_FailureOrTimeout_ReturnsTheLastGoodValue()
    {
        var clock = new FakeTimeProvider();
        var lastGood = new LastGood<float[]>();
        var pipeline = new BudgetPipelines(clock).PhaseWithFallback(TimeSpan.FromSeconds(10), lastGood);

        var good = new[] { 0.1f, 0.9f };
        var first = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(good));
        Assert.Same(good, first);
        Assert.True(lastGood.HasValue);

        var failed = await pipeline.ExecuteAsync<float[]>(_ => throw new InvalidOperationException("out of memory"));
        Assert.Same(good, failed);

        var timedOut = await pipeline.ExecuteAsync(async ct =>
        {
            await Train(clock, TimeSpan.FromSeconds(1), 300, ct);
            return new[] { 0.5f, 0.5f };
        });
        Assert.Same(good, timedOut);

        var better = new[] { 0.05f, 0.95f };
        Assert.Same(better, await pipeline.ExecuteAsync(_ => ValueTask.FromResult(better)));
        Assert.True(lastGood.TryGet(out var remembered));
        Assert.Same(better, remembered);
    }

    [Fact]
    public async Task PhaseWithFallback_NoGoodValueYet_FailureStands()
    {
        var pipeline = new BudgetPipelines(new FakeTimeProvider()).PhaseWithFallback(TimeSpan.FromSeconds(10), new LastGood<string>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.ExecuteAsync<string>(_ => throw new InvalidOperationException()).AsTask());
    }

    [Fact]
    public async Task FileWriteRetry_TransientIOException_RetriesThenSucceeds()
    {
        var clock = new FakeTimeProvider();
        var pipeline = new BudgetPipelines(clock).FileWriteRetry(new FileWriteRetryOptions { MaxRetryAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(50) });
        int attempts = 0;
        var run = pipeline.ExecuteAsync(_ =>
        {
            if (++attempts < 3) throw new IOException("the file is in use");
            return ValueTask.CompletedTask;
        }).AsTask();
        var waited = await DriveAsync(clock, run, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10));
        await run;
        Assert.Equal(3, attempts);
        Assert.True(waited >= TimeSpan.FromMilliseconds(150), $"waited {waited}");   // 50 + 100 ms backoff on the fake clock
    }

    [Fact]
    public async Task FileWriteRetry_PersistentIOException_GivesUpAfterMaxRetries()
    {
        var clock = new FakeTimeProvider();
        var pipeline = new BudgetPipelines(clock).FileWriteRetry(new FileWriteRetryOptions { MaxRetryAttempts = 2 });
        int attempts = 0;
        var run = pipeline.ExecuteAsync(_ => { attempts++; throw new IOException("disk full"); }).AsTask();
        await DriveAsync(clock, run, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<IOException>(() => run);
        Assert.Equal(3, attempts);   // the first attempt and two retries
    }

    [Fact]
    public async Task FileWriteRetry_MissingFolder_IsNotRetried()
    {
        var pipeline = new BudgetPipelines(new FakeTimeProvider()).FileWriteRetry();
        int attempts = 0;
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            pipeline.ExecuteAsync(_ => { attempts++; throw new DirectoryNotFoundException("no such folder"); }).AsTask());
        Assert.Equal(1, attempts);
    }
}
