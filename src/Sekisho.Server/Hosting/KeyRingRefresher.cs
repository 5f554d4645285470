using Microsoft.Extensions.Hosting;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Hosting;

/// <summary>Reloads the key ring every minute so keys rotated in by another replica are known before they seal anything.</summary>
public sealed class KeyRingRefresher(KeyRing keyRing, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await keyRing.LoadAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
