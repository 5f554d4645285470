using Microsoft.Extensions.Hosting;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Reloads the key ring every minute so keys rotated in by another replica are known before they seal anything,
/// and rotates a new key in when the newest is older than <see cref="RotationPeriod"/> (replicas race safely: the
/// ring is updated by compare-and-swap, and a ring that was just rotated is not rotated again).
/// </summary>
public sealed class KeyRingRefresher(KeyRing keyRing, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RotationPeriod = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await keyRing.LoadAsync(stoppingToken);
                if (time.GetUtcNow() - keyRing.NewestKeyCreated > RotationPeriod) await keyRing.RotateAsync(cancellationToken: stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
