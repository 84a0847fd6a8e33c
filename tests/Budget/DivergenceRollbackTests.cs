using AutoVision.Budget.Resilience;
using Polly;

namespace AutoVision.Budget.Tests;

public class DivergenceRollbackTests
{
    private sealed class FakeLearner : IDivergenceRollback
    {
        public double Weights = 1.0;
        public double LearningRate = 0.1;
        private double? _snapshot;
        public int Restores;

        public void Snapshot() => _snapshot = Weights;

        public bool Restore()
        {
            if (_snapshot is not { } s) return false;
            Weights = s;
            Restores++;
            return true;
        }

        public void ScaleLearningRate(double factor) => LearningRate *= factor;
    }

    private static ResiliencePipeline<TrainingHealth> Pipeline(FakeLearner learner, int maxRollbacks = 3) =>
        new ResiliencePipelineBuilder<TrainingHealth>()
            .AddDivergenceRollback(new DivergenceRollbackOptions<TrainingHealth>
            {
                Target = learner,
                Health = h => h,
                MaxConsecutiveRollbacks = maxRollbacks,
            })
            .Build();

    private static TrainingHealth Round(FakeLearner learner, double weights, double loss, double? score = null)
    {
        learner.Weights = weights;
        return new TrainingHealth(loss, score);
    }

    [Fact]
    public void NaNLoss_RestoresTheLastHealthyStateAndLowersTheLearningRate()
    {
        var learner = new FakeLearner();
        var pipeline = Pipeline(learner);
        pipeline.Execute(() => Round(learner, 2.0, loss: 0.7));
        pipeline.Execute(() => Round(learner, 99.0, loss: double.NaN));
        Assert.Equal(2.0, learner.Weights);
        Assert.Equal(0.05, learner.LearningRate, 12);
        Assert.Equal(1, learner.Restores);
    }

    [Fact]
    public void InfiniteLoss_IsDivergenceToo()
    {
        var learner = new FakeLearner();
        var pipeline = Pipeline(learner);
        pipeline.Execute(() => Round(learner, 2.0, loss: 0.7));
        pipeline.Execute(() => Round(learner, 99.0, loss: double.PositiveInfinity));
        Assert.Equal(2.0, learner.Weights);
    }

    [Fact]
    public void CollapsingScore_RestoresTheBestState()
    {
        var learner = new FakeLearner();
        var pipeline = Pipeline(learner);
        pipeline.Execute(() => Round(learner, 2.0, loss: 0.5, score: 0.8));
        pipeline.Execute(() => Round(learner, 3.0, loss: 0.4, score: 0.7));   // a little worse: still healthy
        Assert.Equal(3.0, learner.Weights);
        pipeline.Execute(() => Round(learner, 4.0, loss: 0.4, score: 0.2));   // below half the best: collapsed
        Assert.Equal(3.0, learner.Weights);
        Assert.Equal(1, learner.Restores);
    }

    [Fact]
    public void RepeatedDivergence_AfterMaxRollbacks_IsAFailure()
    {
        var learner = new FakeLearner();
        var pipeline = Pipeline(learner, maxRollbacks: 2);
        pipeline.Execute(() => Round(learner, 2.0, loss: 0.7));
        pipeline.Execute(() => Round(learner, 9.0, loss: double.NaN));
        pipeline.Execute(() => Round(learner, 9.0, loss: double.NaN));
        Assert.Throws<TrainingDivergedException>(() => pipeline.Execute(() => Round(learner, 9.0, loss: double.NaN)));
        Assert.Equal(0.025, learner.LearningRate, 12);
    }

    [Fact]
    public void DivergenceBeforeAnySnapshot_IsAFailure()
    {
        var learner = new FakeLearner();
        Assert.Throws<TrainingDivergedException>(() => Pipeline(learner).Execute(() => Round(learner, 9.0, loss: double.NaN)));
    }
}
