using System.Net;
using System.Net.Http.Headers;
using BandcampPS.Engine.Http;
using Polly;
using Polly.Timeout;

namespace BandcampPS.Engine.Tests.Http;

public class BandcampRetryRulesTests
{
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.OK, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    public void Only_transient_statuses_are_retried(HttpStatusCode status, bool retried) =>
        Assert.Equal(retried, BandcampRetryRules.IsTransient(Outcome.FromResult(new HttpResponseMessage(status))));

    [Fact]
    public void Network_errors_and_attempt_timeouts_are_retried_but_not_other_failures()
    {
        Assert.True(BandcampRetryRules.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
        Assert.True(BandcampRetryRules.IsTransient(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.False(BandcampRetryRules.IsTransient(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException())));
        Assert.False(BandcampRetryRules.IsTransient(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));
    }

    [Fact]
    public void A_host_name_that_does_not_resolve_is_not_retried() =>
        Assert.False(BandcampRetryRules.IsTransient(Outcome.FromException<HttpResponseMessage>(
            new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"))));

    [Fact]
    public void Retry_after_in_seconds_or_as_a_date_is_honoured_and_clipped()
    {
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var max = TimeSpan.FromMinutes(2);
        var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)) } };
        Assert.Equal(TimeSpan.FromSeconds(3), BandcampRetryRules.RetryAfter(seconds, now, max));
        var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(10)) } };
        Assert.Equal(TimeSpan.FromSeconds(10), BandcampRetryRules.RetryAfter(date, now, max));
        var tooLong = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(5)) } };
        Assert.Equal(max, BandcampRetryRules.RetryAfter(tooLong, now, max));
        Assert.Null(BandcampRetryRules.RetryAfter(new HttpResponseMessage(HttpStatusCode.BadGateway), now, max));
    }

    [Fact]
    public void The_title_of_an_html_block_page_is_extracted() =>
        Assert.Equal("Error 54113 & more", WebPageAnswer.HtmlTitle("<html><head><TITLE> Error 54113 &amp; more </title></head></html>"));
}
