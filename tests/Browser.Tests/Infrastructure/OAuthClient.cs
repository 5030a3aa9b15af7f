using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;

namespace Tempo.Browser.Tests.Infrastructure;

/// <summary>
/// A third-party product's side of the flow, through a real OAuth client library (Duende.IdentityModel): it builds
/// the authorize URL the browser opens, exchanges the code at <c>/oauth/token/</c> and calls <c>/4</c> with the
/// access token.
/// </summary>
public sealed class OAuthClient(TempoServer server, RegisteredApplication application)
{
    public string State { get; } = CryptoRandom.CreateUniqueId(16);

    /// <summary>PKCE (S256): a fresh verifier and its challenge.</summary>
    public string Verifier { get; } = CryptoRandom.CreateUniqueId(32);

    public string Challenge => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>The authorize URL: PKCE for a public client, and for a confidential one when asked.</summary>
    public string AuthorizeUrl(string scope, bool pkce) =>
        new RequestUrl(new Uri(server.BaseAddress, "/oauth/authorize").ToString()).CreateAuthorizeUrl(
            clientId: application.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: scope,
            redirectUri: application.RedirectUri,
            state: State,
            codeChallenge: pkce ? Challenge : null,
            codeChallengeMethod: pkce ? OidcConstants.CodeChallengeMethods.Sha256 : null);

    public async Task<TokenResponse> RedeemAsync(string code, bool pkce)
    {
        using var http = server.Http();
        var tokens = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = new Uri(server.BaseAddress, "/oauth/token/").ToString(),
            ClientId = application.ClientId,
            ClientSecret = application.Secret,
            Code = code,
            RedirectUri = application.RedirectUri,
            CodeVerifier = pkce ? Verifier : null,
        });
        Assert.False(tokens.IsError, $"the code exchange failed: {tokens.Error} {tokens.ErrorDescription} {tokens.Raw}");
        return tokens;
    }

    /// <summary>A GET on a /4 route with the access token: its status.</summary>
    public async Task<HttpStatusCode> GetAsync(string accessToken, string path)
    {
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await http.GetAsync(path)).StatusCode;
    }
}
